using System.Net;
using Refit;
using TokenPln.Web.Deposit;

namespace TokenPln.Web.Tests.Deposit;

/// <summary>transaction-service's deposit routes as a test scripts them, recording what the page sent.</summary>
internal sealed class FakeDepositApi : IDepositApi
{
    public DepositInfo Deposit { get; set; } = new(null, null, null, null, false, null, null);
    public DepositInfo? AfterCheck { get; set; }
    public bool Low { get; set; }
    public List<long?> ThresholdsSet { get; } = [];
    public int Checks { get; private set; }

    /// <summary>A problem body the next threshold save answers with (status 400), as the service would.</summary>
    public string? ThresholdRefusal { get; set; }

    public Task<DepositInfo> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Deposit);

    public Task<DepositStatus> GetStatusAsync(CancellationToken cancellationToken) => Task.FromResult(new DepositStatus(Low));

    public async Task<DepositInfo> SetThresholdAsync(DepositThresholdRequest request, CancellationToken cancellationToken)
    {
        ThresholdsSet.Add(request.LowThreshold);
        if (ThresholdRefusal is { } refusal)
        {
            throw await ApiException.Create(new HttpRequestMessage(HttpMethod.Put, "http://localhost/api/deposit/threshold"), HttpMethod.Put,
                new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(refusal) }, new RefitSettings());
        }

        Deposit = Deposit with { LowThreshold = request.LowThreshold, Low = Deposit.Balance < request.LowThreshold };
        return Deposit;
    }

    public Task<DepositInfo> CheckNowAsync(CancellationToken cancellationToken)
    {
        Checks++;
        Deposit = AfterCheck ?? Deposit;
        return Task.FromResult(Deposit);
    }
}
