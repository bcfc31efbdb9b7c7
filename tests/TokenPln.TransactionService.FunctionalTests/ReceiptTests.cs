using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>What the receipt page reads of one sale beyond the sale itself, and its prints: every print after the first is a reprint.</summary>
public sealed class ReceiptTests : SalesTestBase
{
    [Fact]
    public async Task A_token_receipt_carries_the_tariff_power_and_kwh_of_the_serial_number()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var invoice = (await SoldAsync(Cashier, "receipt-1")).GetProperty("invoice").GetString()!;

        var sale = await GetAsync(Cashier, $"/api/transactions/{invoice}");

        var receipt = sale.GetProperty("receipt");
        (receipt.GetProperty("tariff").GetString(), receipt.GetProperty("powerVa").GetInt32(), receipt.GetProperty("kwh").GetString())
            .ShouldBe(("R1", 1300, "14.2"));
        (sale.GetProperty("token").GetString(), sale.GetProperty("customerName").GetString()).ShouldBe(("0123-4567-8901-2345-6789", "SINTYA OKTAVIANI"));
        (receipt.GetProperty("printCount").GetInt32(), receipt.GetProperty("reprint").GetBoolean()).ShouldBe((0, false));
    }

    [Fact]
    public async Task The_answer_to_a_token_sale_carries_the_kwh_of_its_serial_number()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);

        var sale = await SoldAsync(Cashier, "receipt-kwh");

        sale.GetProperty("receipt").GetProperty("kwh").GetString().ShouldBe("14.2");
    }

    [Fact]
    public async Task A_bill_receipt_carries_each_bill_the_arrears_left_and_iaks_reference()
    {
        Factory.Iak.BillPayment = trId => new(IakOutcome.Success, FakeIak.Bill("PLNPOSTPAID", "530000000000", "ref") with
        {
            TrId = trId, NoRef = "0BAG210Z6C4E1B6D", Status = 1, Sheets = 2, SheetsRemaining = 1,
            Detail = """
                {"tarif":"R1","daya":1300,"lembar_tagihan":"2","lembar_tagihan_sisa":1,"tagihan":{"detail":[
                 {"periode":"202609","nilai_tagihan":"150000","admin":"2500","denda":"3000","total":155500,"meter_awal":"00080000","meter_akhir":"00080100"},
                 {"periode":"202610","nilai_tagihan":"147000","admin":"2500","denda":"0","total":149500,"meter_awal":"00080100","meter_akhir":"00080190"}]}}
                """,
        }, "00", "PAYMENT SUCCESS");
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var payment = await PayAsync(Cashier, invoice);
        payment.StatusCode.ShouldBe(HttpStatusCode.Created);

        var receipt = (await GetAsync(Cashier, $"/api/transactions/{invoice}")).GetProperty("receipt");

        (receipt.GetProperty("tariff").GetString(), receipt.GetProperty("powerVa").GetInt32()).ShouldBe(("R1", 1300));
        (receipt.GetProperty("sheets").GetInt32(), receipt.GetProperty("sheetsRemaining").GetInt32()).ShouldBe((2, 1));
        receipt.GetProperty("referenceNumber").GetString().ShouldBe("0BAG210Z6C4E1B6D");
        receipt.GetProperty("bills").EnumerateArray()
            .Select(b => (b.GetProperty("period").GetString(), b.GetProperty("amount").GetInt64(), b.GetProperty("penalty").GetInt64(), b.GetProperty("total").GetInt64()))
            .ShouldBe([("202609", 150_000L, 3_000L, 155_500L), ("202610", 147_000L, 0L, 149_500L)]);
    }

    [Fact]
    public async Task The_first_print_is_not_a_reprint_and_every_later_one_is()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var invoice = (await SoldAsync(Cashier, "receipt-2")).GetProperty("invoice").GetString()!;

        var first = await PrintAsync(Cashier, invoice);
        var second = await PrintAsync(Cashier, invoice);
        var byOwner = await PrintAsync(Owner, invoice);
        var detail = await GetAsync(Cashier, $"/api/transactions/{invoice}");

        Reprint(first).ShouldBe((1, false));
        Reprint(second).ShouldBe((2, true));
        Reprint(byOwner).ShouldBe((3, true));
        first.GetProperty("token").GetString().ShouldBe("0123-4567-8901-2345-6789");
        Reprint(detail).ShouldBe((3, true), "a print from the detail now would be a reprint");
    }

    [Fact]
    public async Task A_sale_that_has_not_succeeded_has_no_receipt_to_print_and_anothers_sale_is_not_found()
    {
        var pending = (await SoldAsync(Cashier, "receipt-3")).GetProperty("invoice").GetString()!;
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var others = (await SoldAsync(OtherCashier, "receipt-4")).GetProperty("invoice").GetString()!;

        using var notYet = await Cashier.PostAsync($"/api/transactions/{pending}/receipt-prints", null);
        using var notOwn = await Cashier.PostAsync($"/api/transactions/{others}/receipt-prints", null);

        (notYet.StatusCode, Code(await notYet.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.Conflict, "receipt_not_printable"));
        (notOwn.StatusCode, Code(await notOwn.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.NotFound, "not_found"));
        Reprint(await GetAsync(Owner, $"/api/transactions/{others}")).ShouldBe((0, false));
    }

    private static async Task<JsonElement> PrintAsync(HttpClient client, string invoice)
    {
        using var response = await client.PostAsync($"/api/transactions/{invoice}/receipt-prints", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static (int PrintCount, bool Reprint) Reprint(JsonElement sale) =>
        (sale.GetProperty("receipt").GetProperty("printCount").GetInt32(), sale.GetProperty("receipt").GetProperty("reprint").GetBoolean());
}
