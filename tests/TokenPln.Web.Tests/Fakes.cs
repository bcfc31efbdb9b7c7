using Refit;
using TokenPln.Web.Api;

namespace TokenPln.Web.Tests;

internal sealed class FakeMasterApi : IMasterApi
{
    public List<PrepaidProduct> Products { get; } = [TestData.Token100, TestData.Token20, TestData.Inactive, TestData.Token50];
    public Exception? ProductsFailure { get; set; }
    public List<string> LookedUp { get; } = [];

    public Task<PagedList<PrepaidProduct>> GetPrepaidProductsAsync(CancellationToken cancellationToken = default) =>
        ProductsFailure is { } failure
            ? Task.FromException<PagedList<PrepaidProduct>>(failure)
            : Task.FromResult(new PagedList<PrepaidProduct>(Products, Products.Count, 1, Products.Count));

    public Task<PlnCustomer> GetPlnCustomerAsync(string meterNumber, CancellationToken cancellationToken = default)
    {
        LookedUp.Add(meterNumber);
        return Task.FromResult(TestData.Customer with { MeterNumber = meterNumber, CustomerId = meterNumber });
    }
}

internal sealed class FakeTransactionApi : ITransactionApi
{
    public List<(PrepaidSaleRequest Request, string Key)> Sales { get; } = [];

    /// <summary>The answers to the sales, in order; a sale beyond them waits for <see cref="Pending"/>.</summary>
    public Queue<Func<Task<TransactionInfo>>> Answers { get; } = new();

    public TaskCompletionSource<TransactionInfo> Pending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TransactionInfo> SellTokenAsync(PrepaidSaleRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Sales.Add((request, idempotencyKey));
        return Answers.TryDequeue(out var answer) ? answer() : Pending.Task;
    }

    public Task<PagedList<TransactionInfo>> ListAsync(TransactionQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    /// <summary>The invoices read, in order.</summary>
    public List<string> Reads { get; } = [];

    /// <summary>The answers to the reads, in order; a read beyond them finds the sale succeeded.</summary>
    public Queue<Func<TransactionInfo>> ReadAnswers { get; } = new();

    public Task<TransactionInfo> GetAsync(string invoice, CancellationToken cancellationToken = default)
    {
        Reads.Add(invoice);
        return Task.FromResult(ReadAnswers.TryDequeue(out var answer) ? answer() : TestData.Sale("success", "12345678901234567890", invoice));
    }

    /// <summary>A problem answer as Refit reports it.</summary>
    public static async Task<ApiException> Problem(int status, string code, string detail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://transaction-service/api/transactions/prepaid");
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)status)
        {
            Content = new StringContent($$"""{"status":{{status}},"code":"{{code}}","detail":"{{detail}}"}""", System.Text.Encoding.UTF8, "application/problem+json"),
            RequestMessage = request,
        };
        return await ApiException.Create(request, HttpMethod.Post, response, new RefitSettings());
    }
}
