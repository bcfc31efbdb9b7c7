using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.Iak.Tests;

/// <summary>The client against IAK's documented bodies (iak-api.md), served by a scripted handler.</summary>
public class IakClientParsingTests
{
    [Fact]
    public async Task A_top_up_answered_process_is_pending_with_price_and_tr_id()
    {
        var client = Client("""{"data":{"ref_id":"order001","status":0,"product_code":"hpln20000","customer_id":"12345678901","price":20500,"message":"PROCESS","balance":997061249,"tr_id":3482,"rc":"39"}}""");

        var result = await client.TopUpAsync("order001", "12345678901", "hpln20000", CancellationToken.None);

        result.Outcome.ShouldBe(IakOutcome.Pending);
        (result.Value!.Price, result.Value.TrId, result.Value.Rc).ShouldBe((20500L, 3482L, "39"));
    }

    [Fact]
    public async Task A_successful_status_carries_the_token_from_the_serial_number()
    {
        var client = Client("""{"data":{"ref_id":"order001","status":1,"product_code":"hpln20000","customer_id":"12345678901","price":20500,"message":"SUCCESS","sn":"0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2","balance":997061249,"tr_id":3482,"rc":"00"}}""");

        var result = await client.CheckPrepaidStatusAsync("order001", CancellationToken.None);

        result.Outcome.ShouldBe(IakOutcome.Success);
        result.Value!.Token.ShouldBe("0123-4567-8901-2345-6789");
    }

    [Theory]
    [InlineData("""{"data":{"ref_id":"x","status":2,"message":"FAILED","rc":"07"}}""", IakOutcome.Failed, "07")]
    [InlineData("""{"data":{"ref_id":"x","status":2,"message":"INSUFFICIENT DEPOSIT","rc":"17"}}""", IakOutcome.Failed, "17")]
    [InlineData("""{"data":{"rc":"204","message":"WRONG AUTHENTICATION","status":2}}""", IakOutcome.Failed, "204")]
    [InlineData("""{"data":{"ref_id":"x","status":2,"message":"UNDEFINED RESPONSE CODE","rc":"201"}}""", IakOutcome.Pending, "201")]
    [InlineData("""{"data":{"ref_id":"x","status":"1","message":"SUCCESS","rc":"00","price":"20500"}}""", IakOutcome.Success, "00")]
    public async Task Prepaid_answers_map_to_outcomes_by_status_and_rc(string body, IakOutcome outcome, string rc)
    {
        var result = await Client(body).CheckPrepaidStatusAsync("x", CancellationToken.None);

        (result.Outcome, result.Code).ShouldBe((outcome, rc));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Service Unavailable")]
    [InlineData(HttpStatusCode.InternalServerError, """{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: iak-prepaid"}""")]
    [InlineData(HttpStatusCode.OK, """{"data":{"rc":""")]
    [InlineData(HttpStatusCode.OK, """{"nodata":true}""")]
    public async Task No_usable_answer_is_a_provider_error_never_a_failure(HttpStatusCode status, string body)
    {
        var result = await Client(body, status).TopUpAsync("x", "12345678901", "hpln20000", CancellationToken.None);

        result.Outcome.ShouldBe(IakOutcome.ProviderError);
        result.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_meter_inquiry_reads_tariff_and_power_from_segment_power()
    {
        var client = Client("""{"data":{"status":"1","customer_id":"12345678901","meter_no":"548933889287","subscriber_id":"12345678901","name":"Sintya Oktaviani","segment_power":"R1 \/000001300","message":"SUCCESS","rc":"00"}}""");

        var result = await client.InquirePlnCustomerAsync("12345678901", CancellationToken.None);

        result.Value.ShouldBe(new IakPlnCustomer("12345678901", "548933889287", "12345678901", "Sintya Oktaviani", "R1", 1300));
    }

    [Fact]
    public async Task A_postpaid_inquiry_reads_numbers_and_strings_as_iak_mixes_them()
    {
        var client = Client("""{"data":{"tr_id":9732792,"code":"PLNPOSTPAID","hp":"530000000000","tr_name":"SUBCRIBER NAME","period":"201608","nominal":300000,"admin":2500,"ref_id":"INQ202401010001","response_code":"00","message":"INQUIRY SUCCESS","price":302500,"selling_price":301900,"desc":{"tarif":"R1","daya":1300,"lembar_tagihan":"1","tagihan":{"detail":[{"periode":"201608","nilai_tagihan":"300000","admin":"2500","denda":"0","total":302500}]}}},"meta":[]}""");

        var result = await client.InquireBillAsync("PLNPOSTPAID", "530000000000", "INQ202401010001", CancellationToken.None);

        result.Outcome.ShouldBe(IakOutcome.Success);
        var bill = result.Value!;
        (bill.TrId, bill.CustomerName, bill.Period, bill.Nominal, bill.Admin, bill.Price, bill.SellingPrice, bill.Sheets)
            .ShouldBe((9732792L, "SUBCRIBER NAME", "201608", 300000L, 2500L, 302500L, 301900L, (int?)1));
    }

    [Theory]
    [InlineData("00", IakOutcome.Success)]
    [InlineData("39", IakOutcome.Pending)]
    [InlineData("103", IakOutcome.Pending)]
    [InlineData("37", IakOutcome.Failed)]
    [InlineData("34", IakOutcome.Failed)]
    public async Task A_payment_timeout_or_pending_stays_pending_for_checkstatus_to_settle(string code, IakOutcome outcome)
    {
        var result = await Client($$"""{"data":{"tr_id":1,"response_code":"{{code}}","message":"x"},"meta":[]}""").PayBillAsync(1, CancellationToken.None);

        result.Outcome.ShouldBe(outcome);
    }

    [Fact]
    public void A_documented_callback_verifies_with_the_account_key_and_a_forged_one_does_not()
    {
        var client = Client("{}", username: "081234567890", apiKey: "5f3c9a1b2d4e6f70");
        var documented = JsonDocument.Parse("""{"data":{"ref_id":"order001","status":"1","product_code":"hpln20000","customer_id":"12345678901","price":"20500","message":"SUCCESS","sn":"0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2","balance":"997061249","tr_id":"3482","rc":"00","sign":"0d2805bd686ee862ebaa5581c352aab9"}}""").RootElement;
        var forged = JsonDocument.Parse(documented.GetRawText().Replace("order001", "order002")).RootElement;

        var callback = client.ReadVerifiedCallback(documented);

        callback.ShouldNotBeNull();
        (callback.Status, callback.Price, callback.TrId, callback.ToTransaction().Token).ShouldBe((1, (long?)20500, (long?)3482, "0123-4567-8901-2345-6789"));
        client.ReadVerifiedCallback(forged).ShouldBeNull();
    }

    [Theory]
    [InlineData("\"4294967297\"", "\"20500\"")]
    [InlineData("\"1\"", "\"99999999999999999999999\"")]
    [InlineData("\"1\"", "\"\\ud800\"")]
    public void Out_of_range_or_broken_values_in_a_callback_are_read_as_absent_not_wrapped_or_thrown(string status, string price)
    {
        var client = Client("{}", username: "081234567890", apiKey: "5f3c9a1b2d4e6f70");
        var body = JsonDocument.Parse($$$"""{"data":{"ref_id":"order001","status":{{{status}}},"price":{{{price}}},"sign":"0d2805bd686ee862ebaa5581c352aab9"}}""").RootElement;

        var callback = client.ReadVerifiedCallback(body);

        // A status beyond int is no status (it must not wrap round to 1, success); a price beyond long is no price.
        if (status == "\"1\"") callback!.Price.ShouldBeNull();
        else callback.ShouldBeNull();
    }

    /// <summary>The client as the services register it, IAK's answer scripted behind the real handlers.</summary>
    private static IIakClient Client(string body, HttpStatusCode status = HttpStatusCode.OK, string username = "081234567890", string apiKey = "k")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iak:Username"] = username, ["Iak:ApiKey"] = apiKey,
            ["Resilience:iak-prepaid:MaxRetryAttempts"] = "0", ["Resilience:iak-postpaid:MaxRetryAttempts"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddIakClient(configuration);
        foreach (var name in new[] { IakClient.PrepaidClient, IakClient.PostpaidClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => new Handler(() =>
                new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }));
        }

        return services.BuildServiceProvider().GetRequiredService<IIakClient>();
    }

    private sealed class Handler(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = answer();
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
