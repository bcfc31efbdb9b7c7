namespace TokenPln.Iak.Tests;

/// <summary>The sandbox's deposit as IAK's check-balance shows it: set by the admin endpoint, debited by sales.</summary>
public partial class IakSandboxTests
{
    [Fact]
    public async Task Check_balance_reports_the_deposit_the_admin_set_and_a_top_up_debits_it()
    {
        await Settings(new { instant = true });
        var before = await BalanceAsync();
        await Admin(HttpMethod.Put, "sandbox/balance", new { balance = 75_000 });
        try
        {
            var set = await Client().CheckBalanceAsync(CancellationToken.None);
            var sold = await Client().TopUpAsync(NewRefId(), Meter, "hpln20000", CancellationToken.None);
            var after = await Client().CheckBalanceAsync(CancellationToken.None);

            (set.Outcome, set.Value!.Balance).ShouldBe((IakOutcome.Success, 75_000L));
            sold.Value!.Balance.ShouldBe(75_000 - sold.Value.Price!.Value, "the top-up's answer carries the balance after it");
            after.Value!.Balance.ShouldBe(75_000 - sold.Value.Price!.Value);
        }
        finally
        {
            await Admin(HttpMethod.Put, "sandbox/balance", new { balance = before });
        }
    }

    [Fact]
    public async Task Check_balance_with_a_wrong_sign_is_refused_without_a_balance()
    {
        var result = await Client(apiKey: "not-the-key").CheckBalanceAsync(CancellationToken.None);

        (result.Outcome, result.Code, result.Value).ShouldBe((IakOutcome.Failed, "204", null));
    }
}
