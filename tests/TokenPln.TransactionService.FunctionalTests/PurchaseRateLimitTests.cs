using System.Net;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class PurchaseRateLimitTests() : SalesTestBase(new Dictionary<string, string> { ["RateLimits:PurchasesPerMinute"] = "3" })
{
    [Fact]
    public async Task A_cashier_over_the_purchase_limit_gets_429_with_retry_after_while_another_cashier_still_sells()
    {
        for (var i = 0; i < 3; i++)
        {
            await SoldAsync(Cashier, Guid.NewGuid().ToString());
        }

        var (limited, problem) = await SellAsync(Cashier, Guid.NewGuid().ToString());
        var other = await SoldAsync(OtherCashier, Guid.NewGuid().ToString());

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Code(problem).ShouldBe("too_many_requests");
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        other.GetProperty("invoice").GetString()!.ShouldStartWith("INV-");
        Factory.Iak.TopUps.Count.ShouldBe(4, "the refused purchase never reached IAK");
    }
}
