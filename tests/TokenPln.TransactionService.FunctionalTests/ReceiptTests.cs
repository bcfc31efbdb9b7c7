using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;

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

    [Fact]
    public async Task A_token_receipt_gets_its_idpel_at_the_first_print_keeps_a_name_with_a_slash_and_says_cetak_ulang_after()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1) is var answer
            ? answer with { Value = answer.Value! with { SerialNumber = "01234567890123456789/TOKO SINAR/JAYA/R1M /000000900/12.6" } }
            : answer;
        var sale = await SoldAsync(Cashier, "receipt-slash");
        var invoice = sale.GetProperty("invoice").GetString()!;

        var beforePrint = await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt");
        await PrintAsync(Cashier, invoice);
        var first = await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt");
        await PrintAsync(Cashier, invoice);
        var second = await GetAsync(Owner, $"/api/transactions/{invoice}/receipt");

        sale.GetProperty("customerName").GetString().ShouldBe("TOKO SINAR/JAYA");
        beforePrint.GetProperty("token").GetProperty("subscriberId").ValueKind.ShouldBe(JsonValueKind.Null, "IDPEL is not in IAK's top-up answer");
        beforePrint.GetProperty("text32").GetString()!.ShouldNotContain("IDPEL");
        var token = first.GetProperty("token");
        (token.GetProperty("subscriberId").GetString(), token.GetProperty("name").GetString(), token.GetProperty("tariff").GetString(),
            token.GetProperty("powerVa").GetInt32(), token.GetProperty("kwh").GetString(), token.GetProperty("token").GetString())
            .ShouldBe(("12345678901", "TOKO SINAR/JAYA", "R1M", 900, "12.6", "0123-4567-8901-2345-6789"));
        first.GetProperty("kind").GetString().ShouldBe("token");
        first.GetProperty("text32").GetString()!.Split('\n').ShouldContain("IDPEL                12345678901");
        first.GetProperty("text48").GetString()!.Split('\n').ShouldContain("NAMA                             TOKO SINAR/JAYA");
        Printed(first).ShouldBe((1, false, false));
        Printed(second).ShouldBe((2, true, true));
        Factory.Iak.Calls["InquirePlnCustomerAsync"].ShouldBe(1, "the IDPEL is kept on the sale once found");
    }

    [Fact]
    public async Task A_meter_iak_cannot_look_up_still_prints_without_an_idpel_rather_than_an_invented_one()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        Factory.Iak.Customer = _ => new(IakOutcome.Failed, null, "14", "INCORRECT DESTINATION NUMBER");
        var invoice = (await SoldAsync(Cashier, "receipt-no-idpel")).GetProperty("invoice").GetString()!;

        await PrintAsync(Cashier, invoice);
        var receipt = await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt");

        receipt.GetProperty("token").GetProperty("subscriberId").ValueKind.ShouldBe(JsonValueKind.Null);
        receipt.GetProperty("text32").GetString()!.ShouldNotContain("IDPEL");
        Printed(receipt).ShouldBe((1, false, false));
    }

    [Fact]
    public async Task Reading_a_receipt_records_no_print()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var invoice = (await SoldAsync(Cashier, "receipt-read")).GetProperty("invoice").GetString()!;
        var before = await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services);

        await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt");
        var again = await GetAsync(Owner, $"/api/transactions/{invoice}/receipt");

        Printed(again).ShouldBe((0, false, false));
        (await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services)).ShouldBe(before);
        Factory.Iak.Calls.ContainsKey("InquirePlnCustomerAsync").ShouldBeFalse();
    }

    [Fact]
    public async Task A_paid_bill_with_arrears_prints_them_and_its_reference_on_both_widths()
    {
        Factory.Iak.BillPayment = trId => new(IakOutcome.Success, FakeIak.Bill("PLNPOSTPAID", "530000000000", "ref") with
        {
            TrId = trId, NoRef = "004212C9245F1BA43A77CEBD5CD5DA39", Status = 1, Sheets = 1, SheetsRemaining = 3,
            Detail = """
                {"tarif":"R1","daya":1300,"lembar_tagihan":"1","lembar_tagihan_sisa":3,"tagihan":{"detail":[
                 {"meter_awal":"00080000","meter_akhir":"00080000","periode":"202610","nilai_tagihan":"300000","admin":"2500","denda":"0","total":302500}]}}
                """,
        }, "00", "PAYMENT SUCCESS");
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var payment = await PayAsync(Cashier, invoice);
        payment.StatusCode.ShouldBe(HttpStatusCode.Created);

        var receipt = await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt");

        receipt.GetProperty("kind").GetString().ShouldBe("bill");
        receipt.GetProperty("bill").GetProperty("arrearsMonths").GetInt32().ShouldBe(3);
        receipt.GetProperty("text48").GetString()!.Split('\n').ShouldContain("     ANDA MASIH MEMILIKI TUNGGAKAN 3 BULAN");
        receipt.GetProperty("text48").GetString()!.Split('\n').ShouldContain("NO REF          004212C9245F1BA43A77CEBD5CD5DA39");
        receipt.GetProperty("text32").GetString()!.ShouldContain("ANDA MASIH MEMILIKI TUNGGAKAN 3");
    }

    [Fact]
    public async Task A_payment_answer_without_desc_keeps_what_the_inquiry_said_of_the_bill_for_the_receipt()
    {
        const string desc = """
            {"tarif":"R1","daya":1300,"lembar_tagihan":"1","lembar_tagihan_sisa":1,"tagihan":{"detail":[
             {"meter_awal":"00080000","meter_akhir":"00080120","periode":"202610","nilai_tagihan":"300000","admin":"2500","denda":"0","total":302500}]}}
            """;
        Factory.Iak.BillInquiry = (code, customer, refId) => new(IakOutcome.Success, FakeIak.Bill(code, customer, refId) with { Detail = desc }, "00",
            "INQUIRY SUCCESS");
        Factory.Iak.BillPayment = trId => new(IakOutcome.Success, FakeIak.Bill("PLNPOSTPAID", "530000000000", "ref") with
        {
            TrId = trId, NoRef = "NOREF1", Status = 1, Sheets = null, SheetsRemaining = null, Detail = null,
        }, "00", "PAYMENT SUCCESS");
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var payment = await PayAsync(Cashier, invoice);
        payment.StatusCode.ShouldBe(HttpStatusCode.Created);

        var bill = (await GetAsync(Cashier, $"/api/transactions/{invoice}/receipt")).GetProperty("bill");

        (bill.GetProperty("tariff").GetString(), bill.GetProperty("meterEnd").GetString(), bill.GetProperty("arrearsMonths").GetInt32(),
            bill.GetProperty("reference").GetString()).ShouldBe(("R1", "00080120", 1, "NOREF1"));
    }

    [Fact]
    public async Task Only_a_successful_sale_visible_to_the_caller_has_a_receipt()
    {
        var pending = (await SoldAsync(Cashier, "receipt-get-pending")).GetProperty("invoice").GetString()!;
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var others = (await SoldAsync(OtherCashier, "receipt-get-other")).GetProperty("invoice").GetString()!;

        using var notYet = await Cashier.GetAsync($"/api/transactions/{pending}/receipt");
        using var notOwn = await Cashier.GetAsync($"/api/transactions/{others}/receipt");
        using var malformed = await Cashier.GetAsync("/api/transactions/INV-12/receipt");
        using var anonymous = await Factory.CreateClient().GetAsync($"/api/transactions/{others}/receipt");
        var byOwner = await GetAsync(Owner, $"/api/transactions/{others}/receipt");

        (notYet.StatusCode, Code(await notYet.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.Conflict, "receipt_not_printable"));
        (notOwn.StatusCode, Code(await notOwn.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.NotFound, "not_found"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        byOwner.GetProperty("invoice").GetString().ShouldBe(others);
    }

    private static (int PrintCount, bool Reprint, bool CetakUlang) Printed(JsonElement receipt) =>
        (receipt.GetProperty("printCount").GetInt32(), receipt.GetProperty("reprint").GetBoolean(),
            receipt.GetProperty("text32").GetString()!.Contains("CETAK ULANG") && receipt.GetProperty("text48").GetString()!.Contains("CETAK ULANG"));

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
