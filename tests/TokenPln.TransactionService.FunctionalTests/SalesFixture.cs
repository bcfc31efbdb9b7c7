using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Contracts.Shifts;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>transaction-service on its own SQLite file, with a scripted IAK and tokens for two cashiers and the owner.</summary>
public abstract class SalesTestBase : IDisposable
{
    protected const int CashierId = 10;
    protected const int OtherCashierId = 11;
    protected const string Meter = "12345678901";

    /// <summary>The cashiers' shift: open all day, so that their requests are inside it whatever the time of the run.</summary>
    protected const int AllDayShiftId = 9;

    protected SalesTestBase(IReadOnlyDictionary<string, string>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            Factory.Settings[key] = value;
        }

        Factory.MasterShifts.AddRange(
        [
            new OfficeHoursSnapshot(1, "Shift Pagi", new(8, 0), new(15, 59), true, 1),
            new OfficeHoursSnapshot(3, "Shift Malam", new(22, 0), new(5, 59), true, 1),
            // Not on whole hours: the dashboard answers it from the sales, not the hourly rollup.
            new OfficeHoursSnapshot(5, "Shift Siang", new(9, 30), new(14, 44), true, 1),
            new OfficeHoursSnapshot(AllDayShiftId, "Shift Penuh", new(0, 0), new(23, 59), true, 1),
        ]);
        Cashier = Factory.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId));
        OtherCashier = Factory.CreateClient().As(TestTokens.Cashier(OtherCashierId, AllDayShiftId));
        Owner = Factory.CreateClient().As(TestTokens.Owner());
        // Every sale needs an open drawer: both cashiers start with one, so that tests about something else sell unchanged.
        OpenDrawerAsync(Cashier).GetAwaiter().GetResult();
        OpenDrawerAsync(OtherCashier).GetAwaiter().GetResult();
    }

    /// <summary>More than any test product costs, so that a sale's cash is never short unless a test says so.</summary>
    protected const long AmpleCash = 2_000_000;

    /// <summary>Opens the cashier's drawer (a sale is refused without one); answers the drawer's report.</summary>
    protected static async Task<JsonElement> OpenDrawerAsync(HttpClient cashier, long openingCash = 0)
    {
        using var response = await cashier.PostAsJsonAsync("/api/drawers", new { openingCash });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body;
    }

    /// <summary>Pays an inquired bill with the cash received (enough unless a test says otherwise).</summary>
    protected static Task<HttpResponseMessage> PayAsync(HttpClient client, string? invoice, long cashReceived = AmpleCash) =>
        client.PostAsJsonAsync($"/api/transactions/{invoice}/payment", new { cashReceived });

    protected ServiceFactory<Program> Factory { get; } = new();
    protected HttpClient Cashier { get; }
    protected HttpClient OtherCashier { get; }
    protected HttpClient Owner { get; }

    protected static async Task<(HttpResponseMessage Response, JsonElement Body)> SellAsync(HttpClient client, string? key, string customerId = Meter,
        string productCode = "hpln20000", long cashReceived = AmpleCash)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions/prepaid")
        {
            Content = JsonContent.Create(new { customerId, productCode, cashReceived }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    protected static async Task<JsonElement> SoldAsync(HttpClient client, string key, string customerId = Meter, string productCode = "hpln20000",
        long cashReceived = AmpleCash)
    {
        var (response, body) = await SellAsync(client, key, customerId, productCode, cashReceived);
        response.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.Accepted], body.ToString());
        return body;
    }

    protected static async Task<JsonElement> InquireAsync(HttpClient client, string productCode = "PLNPOSTPAID", string customerId = "530000000000")
    {
        using var response = await client.PostAsJsonAsync("/api/transactions/postpaid/inquiries", new { productCode, customerId });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body;
    }

    protected static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    protected static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    /// <summary>Delivers an event to one instance, as the sidecar does to one member of the app's consumer group.</summary>
    protected static async Task AnnounceAsync(ServiceFactory<Program> instance, string route, object payload)
    {
        using var sidecar = instance.CreateClient().AsSidecar();
        using var announced = await sidecar.PostAsJsonAsync(route, payload);
        (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
    }

    /// <summary>Null when the cashier may act now, else the code of the refusal.</summary>
    protected static async Task<string?> CodeOfMyShiftAsync(HttpClient cashier)
    {
        using var response = await cashier.GetAsync("/api/transactions/my-shift");
        if (response.StatusCode == HttpStatusCode.OK) return null;
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
    }

    public void Dispose()
    {
        Cashier.Dispose();
        OtherCashier.Dispose();
        Owner.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
