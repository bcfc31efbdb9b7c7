using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class CallbackSourceTests() : SalesTestBase(new Dictionary<string, string> { ["Iak:CallbackAllowedAddresses"] = "203.0.113.9, 203.0.113.10" })
{
    [Fact]
    public async Task A_correctly_signed_callback_from_outside_the_allowed_addresses_is_refused_and_changes_nothing()
    {
        var invoice = (await SoldAsync(Cashier, Guid.NewGuid().ToString())).GetProperty("invoice").GetString()!;
        using var anonymous = Factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new
        {
            data = new Dictionary<string, string>
            {
                ["ref_id"] = invoice, ["status"] = "1", ["product_code"] = "hpln20000", ["customer_id"] = Meter, ["price"] = "20500",
                ["message"] = "SUCCESS", ["rc"] = "00", ["sn"] = "11112222333344445555/SINTYA OKTAVIANI/R1 /000001300/14.2",
                ["sign"] = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, invoice),
            },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Code(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("forbidden_source");
        (await GetAsync(Owner, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("pending");
    }
}
