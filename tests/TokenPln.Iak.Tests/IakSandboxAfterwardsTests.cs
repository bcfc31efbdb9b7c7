using System.Text.Json;

namespace TokenPln.Iak.Tests;

/// <summary>The sandbox told to change a settled sale afterwards, as PLN reversals do, so reconciliation can be tested on purpose.</summary>
public partial class IakSandboxTests
{
    [Fact]
    public async Task A_settled_top_up_reversed_afterwards_reports_failed_refunds_the_deposit_and_can_change_its_token_and_price()
    {
        await Settings(new { settleDelayMs = 100, instant = false });
        var reversed = NewRefId();
        await Client().TopUpAsync(reversed, Meter, "hpln20000", CancellationToken.None);
        (await SettledAsync(reversed)).Outcome.ShouldBe(IakOutcome.Success);
        var corrected = NewRefId();
        await Client().TopUpAsync(corrected, Meter, "hpln20000", CancellationToken.None);
        (await SettledAsync(corrected)).Outcome.ShouldBe(IakOutcome.Success);
        var before = await BalanceAsync();

        await Admin(HttpMethod.Put, $"sandbox/transactions/{reversed}/afterwards", new { status = "failed" });
        await Admin(HttpMethod.Put, $"sandbox/transactions/{corrected}/afterwards",
            new { sn = "99998888777766665555/SINTYA OKTAVIANI/R1 /000001300/14.2", price = 21_000 });

        var nowReversed = await Client().CheckPrepaidStatusAsync(reversed, CancellationToken.None);
        var nowCorrected = await Client().CheckPrepaidStatusAsync(corrected, CancellationToken.None);
        (nowReversed.Outcome, nowReversed.Code).ShouldBe((IakOutcome.Failed, "07"));
        (await BalanceAsync()).ShouldBe(before + nowReversed.Value!.Price!.Value, "a reversal refunds the deposit");
        (nowCorrected.Outcome, nowCorrected.Value!.Token, nowCorrected.Value.Price).ShouldBe((IakOutcome.Success, "9999-8888-7777-6666-5555", 21_000L));
    }

    [Fact]
    public async Task The_sandbox_sends_a_signed_callback_for_a_ref_id_never_sold()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartCallbackListenerAsync(received);
        await Settings(new { callbackUrl = listener.Urls.Single() + "/callback" });
        var never = NewRefId();
        try
        {
            await Admin(HttpMethod.Post, "sandbox/callbacks/unknown", new { refId = never });
            var body = JsonDocument.Parse(await received.Task.WaitAsync(TimeSpan.FromSeconds(15))).RootElement;

            var callback = Client().ReadVerifiedCallback(body);
            callback.ShouldNotBeNull();
            (callback.RefId, callback.Status).ShouldBe((never, 1));
            (await Client().CheckPrepaidStatusAsync(never, CancellationToken.None)).Code.ShouldBe("06", "the ledger never had it");
        }
        finally
        {
            await Settings(new { callbackUrl = "" });
        }
    }
}
