using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;

namespace TokenPln.Iak.Tests;

/// <summary>The IAK sandbox and master-service started by the runner; the client calls IAK through master's sidecar.</summary>
public sealed class IakSandboxStack : LocalRunnerStack
{
    protected override IReadOnlyList<string> OnlyApps => ["iak-sandbox", "master-service"];
}

public partial class IakSandboxTests(IakSandboxStack stack) : IClassFixture<IakSandboxStack>
{
    private const string Meter = "12345678901";

    [Fact]
    public async Task The_price_list_has_pln_tokens_from_20_thousand_to_1_million()
    {
        var result = await Client().GetPlnTokenPriceListAsync(CancellationToken.None);

        result.Outcome.ShouldBe(IakOutcome.Success);
        var products = result.Value!;
        products.Select(p => p.Nominal).ShouldBe([20_000L, 50_000, 100_000, 200_000, 500_000, 1_000_000]);
        products.ShouldAllBe(p => p.Price > p.Nominal && p.Price < p.Nominal + 5_000 && p.Active && p.Code == "hpln" + p.Nominal);
    }

    [Fact]
    public async Task Meter_inquiry_finds_the_documented_meter_and_refuses_a_wrong_number()
    {
        var found = await Client().InquirePlnCustomerAsync(Meter, CancellationToken.None);
        var wrong = await Client().InquirePlnCustomerAsync("12345678914", CancellationToken.None);

        found.Value.ShouldBe(new IakPlnCustomer(Meter, "548933889287", Meter, "Sintya Oktaviani", "R1", 1300));
        (wrong.Outcome, wrong.Code, wrong.Message).ShouldBe((IakOutcome.Failed, "14", "INCORRECT DESTINATION NUMBER"));
    }

    [Fact]
    public async Task A_top_up_goes_from_process_to_success_with_a_20_digit_token()
    {
        await Settings(new { settleDelayMs = 300, instant = false });
        var refId = NewRefId();

        var first = await Client().TopUpAsync(refId, Meter, "hpln20000", CancellationToken.None);
        var settled = await SettledAsync(refId);

        (first.Outcome, first.Code, first.Value!.Status).ShouldBe((IakOutcome.Pending, "39", 0));
        settled.Outcome.ShouldBe(IakOutcome.Success);
        settled.Value!.Token.ShouldNotBeNull();
        TokenFormat().IsMatch(settled.Value.Token).ShouldBeTrue(settled.Value.Token);
        settled.Value.SerialNumber!.ShouldContain("/SINTYA OKTAVIANI/R1 /000001300/");
    }

    [Fact]
    public async Task A_top_up_can_settle_as_failed_and_the_deposit_is_refunded()
    {
        await Settings(new { settleDelayMs = 300, instant = false });
        var before = await BalanceAsync();
        var refId = NewRefId();

        await Client().TopUpAsync(refId, "12345678907", "hpln50000", CancellationToken.None);
        var settled = await SettledAsync(refId);

        (settled.Outcome, settled.Code).ShouldBe((IakOutcome.Failed, "07"));
        (await BalanceAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_repeated_ref_id_answers_as_a_status_check_and_debits_once()
    {
        await Settings(new { settleDelayMs = 60_000, instant = false });
        var before = await BalanceAsync();
        var refId = NewRefId();

        var first = await Client().TopUpAsync(refId, Meter, "hpln100000", CancellationToken.None);
        var second = await Client().TopUpAsync(refId, Meter, "hpln100000", CancellationToken.None);

        second.Value!.TrId.ShouldBe(first.Value!.TrId);
        (await BalanceAsync()).ShouldBe(before - first.Value.Price!.Value);
        var ledger = await LedgerAsync();
        ledger.GetProperty("topUps").EnumerateArray().Single(t => t.GetProperty("refId").GetString() == refId)
            .GetProperty("topUpRequests").GetInt32().ShouldBe(2);
        ledger.GetProperty("movements").EnumerateArray().Count(m => m.GetProperty("reference").GetString() == refId).ShouldBe(1);
    }

    [Fact]
    public async Task Every_status_check_is_counted_by_ref_id_known_or_not()
    {
        await Settings(new { settleDelayMs = 60_000, instant = false });
        var refId = NewRefId();
        var unknown = NewRefId();
        await Client().TopUpAsync(refId, Meter, "hpln20000", CancellationToken.None);

        for (var i = 0; i < 3; i++) await Client().CheckPrepaidStatusAsync(refId, CancellationToken.None);
        await Client().CheckPrepaidStatusAsync(unknown, CancellationToken.None);

        var ledger = await LedgerAsync();
        ledger.GetProperty("topUps").EnumerateArray().Single(t => t.GetProperty("refId").GetString() == refId)
            .GetProperty("statusChecks").GetInt32().ShouldBe(3);
        ledger.GetProperty("statusChecksOfUnknown").EnumerateArray().Single(c => c.GetProperty("refId").GetString() == unknown)
            .GetProperty("statusChecks").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_sign_is_rejected_with_iak_authentication_error()
    {
        var result = await Client(apiKey: "not-the-key").TopUpAsync(NewRefId(), Meter, "hpln20000", CancellationToken.None);

        (result.Outcome, result.Code, result.Message).ShouldBe((IakOutcome.Failed, "204", "WRONG AUTHENTICATION"));
    }

    [Fact]
    public async Task Insufficient_deposit_fails_the_top_up_without_selling()
    {
        var before = await BalanceAsync();
        await Admin(HttpMethod.Put, "sandbox/balance", new { balance = 1_000 });
        try
        {
            var result = await Client().TopUpAsync(NewRefId(), Meter, "hpln20000", CancellationToken.None);

            (result.Outcome, result.Code).ShouldBe((IakOutcome.Failed, "17"));
            (await BalanceAsync()).ShouldBe(1_000);
        }
        finally
        {
            await Admin(HttpMethod.Put, "sandbox/balance", new { balance = before });
        }
    }

    [Fact]
    public async Task A_provider_outage_is_a_clear_provider_error()
    {
        await Settings(new { outage = true });
        try
        {
            var result = await Client().TopUpAsync(NewRefId(), Meter, "hpln20000", CancellationToken.None);

            result.Outcome.ShouldBe(IakOutcome.ProviderError);
            result.Message.ShouldContain("IAK");
        }
        finally
        {
            await Settings(new { outage = false });
        }
    }

    [Theory]
    [InlineData("PLNPOSTPAID", "530000000000")]
    [InlineData("PLNNONTAG", "3225030000000")]
    public async Task A_bill_is_inquired_paid_and_reported_paid(string code, string customer)
    {
        var refId = NewRefId().Replace("-", "");
        var inquiry = await Client().InquireBillAsync(code, customer, refId, CancellationToken.None);
        var payment = await Client().PayBillAsync(inquiry.Value!.TrId, CancellationToken.None);
        var status = await Client().CheckBillStatusAsync(refId, CancellationToken.None);

        inquiry.Outcome.ShouldBe(IakOutcome.Success);
        inquiry.Value.Price.ShouldBe(inquiry.Value.Nominal + inquiry.Value.Admin);
        payment.Outcome.ShouldBe(IakOutcome.Success);
        payment.Value!.NoRef.ShouldNotBeNullOrEmpty();
        (status.Outcome, status.Value!.Status).ShouldBe((IakOutcome.Success, (int?)1));
    }

    [Fact]
    public async Task An_already_paid_bill_is_refused_at_inquiry_and_a_second_payment_is_refused()
    {
        var paidAtInquiry = await Client().InquireBillAsync("PLNPOSTPAID", "530000000001", NewRefId().Replace("-", ""), CancellationToken.None);
        // A customer of its own: a bill paid here stays paid for the sandbox's whole run, as at IAK.
        var inquiry = await Client().InquireBillAsync("PLNPOSTPAID", NewBillCustomer(), NewRefId().Replace("-", ""), CancellationToken.None);
        await Client().PayBillAsync(inquiry.Value!.TrId, CancellationToken.None);
        var again = await Client().PayBillAsync(inquiry.Value.TrId, CancellationToken.None);

        (paidAtInquiry.Outcome, paidAtInquiry.Code).ShouldBe((IakOutcome.Failed, "01"));
        (again.Outcome, again.Code).ShouldBe((IakOutcome.Failed, "34"));
    }

    [Fact]
    public async Task A_bill_paid_through_one_inquiry_is_refused_through_another_and_a_new_inquiry_says_it_is_paid()
    {
        var customer = NewBillCustomer();
        var first = await Client().InquireBillAsync("PLNPOSTPAID", customer, NewRefId().Replace("-", ""), CancellationToken.None);
        var second = await Client().InquireBillAsync("PLNPOSTPAID", customer, NewRefId().Replace("-", ""), CancellationToken.None);
        var before = await BalanceAsync();

        var paid = await Client().PayBillAsync(first.Value!.TrId, CancellationToken.None);
        var paidAgain = await Client().PayBillAsync(second.Value!.TrId, CancellationToken.None);
        var third = await Client().InquireBillAsync("PLNPOSTPAID", customer, NewRefId().Replace("-", ""), CancellationToken.None);

        (first.Outcome, second.Outcome).ShouldBe((IakOutcome.Success, IakOutcome.Success));
        second.Value.Period.ShouldBe(first.Value.Period);
        paid.Outcome.ShouldBe(IakOutcome.Success);
        (paidAgain.Outcome, paidAgain.Code).ShouldBe((IakOutcome.Failed, "34"));
        (third.Outcome, third.Code).ShouldBe((IakOutcome.Failed, "01"));
        (await BalanceAsync()).ShouldBe(before - paid.Value!.SellingPrice, "the deposit is debited once");
    }

    [Fact]
    public async Task Concurrent_payments_of_one_bill_through_different_inquiries_are_paid_once()
    {
        var customer = NewBillCustomer();
        var trIds = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            trIds.Add((await Client().InquireBillAsync("PLNNONTAG", customer + "0", NewRefId().Replace("-", ""), CancellationToken.None)).Value!.TrId);
        }

        var answers = await Task.WhenAll(trIds.Select(trId => Client().PayBillAsync(trId, CancellationToken.None)));

        answers.Count(a => a.Outcome == IakOutcome.Success).ShouldBe(1);
        answers.Where(a => a.Outcome != IakOutcome.Success).ShouldAllBe(a => a.Outcome == IakOutcome.Failed && a.Code == "34");
    }

    [Fact]
    public async Task A_settled_top_up_is_called_back_signed_with_every_value_a_string()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartCallbackListenerAsync(received);
        await Settings(new { settleDelayMs = 200, instant = false, callbackUrl = listener.Urls.Single() + "/callback" });
        var refId = NewRefId();
        try
        {
            await Client().TopUpAsync(refId, Meter, "hpln20000", CancellationToken.None);
            var body = JsonDocument.Parse(await received.Task.WaitAsync(TimeSpan.FromSeconds(15))).RootElement;

            body.GetProperty("data").EnumerateObject().ShouldAllBe(p => p.Value.ValueKind == JsonValueKind.String);
            var callback = Client().ReadVerifiedCallback(body);
            callback.ShouldNotBeNull();
            (callback.RefId, callback.Status, callback.Rc).ShouldBe((refId, 1, "00"));
        }
        finally
        {
            await Settings(new { callbackUrl = "" });
        }
    }

    [Fact]
    public async Task A_stopped_provider_is_never_sent_to_and_after_a_restart_it_has_forgotten_a_ref_id_it_acknowledged()
    {
        await Settings(new { settleDelayMs = 60_000, instant = false });
        var acknowledged = NewRefId();
        var first = await Client().TopUpAsync(acknowledged, Meter, "hpln20000", CancellationToken.None);
        first.Code.ShouldBe("39");

        await stack.StopAppAsync("iak-sandbox");
        IakResult<IakPrepaidTransaction>? whileDown = null;
        try
        {
            // The sidecar refuses to forward once the sandbox's port is closed: the client knows the top-up never left.
            whileDown = await stack.WaitForAsync(async () =>
                await Client().TopUpAsync(NewRefId(), Meter, "hpln20000", CancellationToken.None) is { NeverSent: true } r ? r : null,
                "a top-up refused by the sidecar");
        }
        finally
        {
            await stack.StartAppAsync("iak-sandbox");
        }

        // The sidecar's breaker may still be open for a while: wait for IAK's own answer.
        var afterRestart = await stack.WaitForAsync(async () =>
            await Client().CheckPrepaidStatusAsync(acknowledged, CancellationToken.None) is { Outcome: not IakOutcome.ProviderError } r ? r : null,
            "the restarted sandbox answering");

        (whileDown.Outcome, whileDown.NeverSent).ShouldBe((IakOutcome.ProviderError, true));
        (afterRestart.Outcome, afterRestart.Code).ShouldBe((IakOutcome.Failed, "06"), "the sandbox lost the ref_id it had answered 39 for");
    }

    private IIakClient Client(string apiKey = "DEVELOPMENT-ONLY-sandbox-key-0001")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DAPR_HTTP_PORT"] = stack.Apps["master-service"].DaprHttpPort.ToString(),
            ["Iak:Username"] = "081234567890",
            ["Iak:ApiKey"] = apiKey,
            ["Resilience:iak-prepaid:AttemptTimeout"] = "00:00:05",
            ["Resilience:iak-prepaid:MaxRetryAttempts"] = "1",
            ["Resilience:iak-postpaid:AttemptTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddDaprSidecar(configuration, "iak-tests").AddIakClient(configuration);
        return services.BuildServiceProvider().GetRequiredService<IIakClient>();
    }

    private async Task<IakResult<IakPrepaidTransaction>> SettledAsync(string refId)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = await Client().CheckPrepaidStatusAsync(refId, CancellationToken.None);
            if (status.Outcome != IakOutcome.Pending) return status;
            await Task.Delay(100);
        }

        throw new TimeoutException($"{refId} did not settle.");
    }

    private async Task<long> BalanceAsync() => (await Client().CheckBalanceAsync(CancellationToken.None)).Value!.Balance;

    private async Task<JsonElement> LedgerAsync()
    {
        using var sidecar = stack.SidecarOf("master-service");
        return await sidecar.GetFromJsonAsync<JsonElement>("v1.0/invoke/iak-sandbox/method/sandbox/ledger");
    }

    private Task Settings(object patch) => Admin(HttpMethod.Patch, "sandbox/settings", patch);

    private async Task Admin(HttpMethod method, string path, object body)
    {
        using var sidecar = stack.SidecarOf("master-service");
        using var response = await sidecar.SendAsync(new HttpRequestMessage(method, $"v1.0/invoke/iak-sandbox/method/{path}") { Content = JsonContent.Create(body) });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<WebApplication> StartCallbackListenerAsync(TaskCompletionSource<string> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/callback", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.TrySetResult(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>A 12-digit customer number outside the scripted scenarios (no 53000000 prefix, no "14" ending): one plain bill.</summary>
    private static string NewBillCustomer() => "54" + Random.Shared.NextInt64(100_000_000, 999_999_999) + "0";

    private static string NewRefId() => "INV-" + Random.Shared.NextInt64(1_000_000_000_000_000, 9_999_999_999_999_999);

    [GeneratedRegex(@"^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}$")]
    private static partial Regex TokenFormat();
}
