using System.Text.Json;
using TokenPln.Contracts.Json;
using TokenPln.Iak;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

/// <summary>Successful sales as this service keeps them, built from the sample answers in IAK's documentation.</summary>
public static class SampleSales
{
    // 30 November 2026 07:54 WIB.
    private static readonly DateTime SoldAt = new(2026, 11, 30, 0, 54, 0, DateTimeKind.Utc);

    /// <summary>check-status's documented PLN success: sn token/name/tariff/power/kWh; IDPEL from inquiry-pln's sample.</summary>
    public static Transaction Token(string serialNumber = "0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2",
        string? subscriberId = "12345678901") =>
        Successful(new Transaction
        {
            Invoice = "INV-2611300000000001", RefId = "INV-2611300000000001", Type = TransactionType.Prepaid, ProductCode = "hpln20000",
            CustomerId = "12345678901", CustomerName = "PT INDOBEST ARTHA KREASI", Price = 20_500, Nominal = 20_000, SerialNumber = serialNumber,
            SubscriberId = subscriberId, CashierId = 2, CashierName = "Kasir Satu", CreatedAt = SoldAt, UpdatedAt = SoldAt,
        });

    /// <summary>pay-pasca's documented PLNPOSTPAID answer, with two bills still unpaid after it.</summary>
    public static Transaction BillWithArrears() => Bill("INV-2611300000000002", "201608", 300_000, 2_500, 302_500, sheets: 1, remaining: 2, """
        {"tarif":"R1","daya":1300,"lembar_tagihan":"1","lembar_tagihan_sisa":2,
         "tagihan":{"detail":[{"meter_awal":"00080000","meter_akhir":"00080000","periode":"201608",
           "nilai_tagihan":"300000","admin":"2500","denda":"0","total":302500}]}}
        """);

    /// <summary>The same answer for two months paid at once, with a penalty on the older one and nothing left unpaid.</summary>
    public static Transaction MultiBill() => Bill("INV-2611300000000003", "202609,202610", 297_000, 5_000, 305_000, sheets: 2, remaining: 0, """
        {"tarif":"R1","daya":1300,"lembar_tagihan":"2","lembar_tagihan_sisa":0,"tagihan":{"detail":[
         {"periode":"202609","nilai_tagihan":"150000","admin":"2500","denda":"3000","total":155500,"meter_awal":"00080000","meter_akhir":"00080100"},
         {"periode":"202610","nilai_tagihan":"147000","admin":"2500","denda":"0","total":149500,"meter_awal":"00080100","meter_akhir":"00080190"}]}}
        """);

    /// <summary>The documented PLNNONTAG inquiry, paid: the payment adds noref 18147159.</summary>
    public static Transaction NonTaglis()
    {
        var answer = new IakBill(219_346_108, "INV2611300000000004", "PLNNONTAG", "3225030000000", "JAYUSMAN", "", 696_400, 1_600, 698_000, 696_200,
            null, null, "20230103171240", 726_424_608, "18147159", 1,
            """{"transaksi":"PENYAMBUNGAN BARU","no_registrasi":"5392112011703","tanggal_registrasi":"20120524"}""");
        return Successful(new Transaction
        {
            Invoice = "INV-2611300000000004", RefId = "INV2611300000000004", Type = TransactionType.Nontaglis, ProductCode = "PLNNONTAG",
            CustomerId = "3225030000000", CustomerName = "JAYUSMAN", Price = 698_000, Nominal = 696_400, Admin = 1_600, Period = "",
            SerialNumber = "18147159", ProviderPayload = JsonSerializer.Serialize(answer, ApiJson.Options), CashierId = 2, CashierName = "Kasir Satu",
            CreatedAt = SoldAt, UpdatedAt = SoldAt,
        });
    }

    private static Transaction Bill(string invoice, string period, long nominal, long admin, long price, int sheets, int remaining, string desc)
    {
        var answer = new IakBill(9_732_792, invoice.Replace("-", ""), "PLNPOSTPAID", "530000000000", "SUBCRIBER NAME", period, nominal, admin, price,
            price - 600, sheets, remaining, "20261130075400", 997_586_108, "004212C9245F1BA43A77CEBD5CD5DA39", 1, desc);
        return Successful(new Transaction
        {
            Invoice = invoice, RefId = invoice.Replace("-", ""), Type = TransactionType.Postpaid, ProductCode = "PLNPOSTPAID",
            CustomerId = "530000000000", CustomerName = "SUBCRIBER NAME", Price = price, Nominal = nominal, Admin = admin, Period = period,
            SerialNumber = answer.NoRef, ProviderPayload = JsonSerializer.Serialize(answer, ApiJson.Options), CashierId = 2, CashierName = "Kasir Satu",
            CreatedAt = SoldAt, UpdatedAt = SoldAt,
        });
    }

    private static Transaction Successful(Transaction sale)
    {
        sale.StartAs(sale.Type == TransactionType.Prepaid ? TransactionStatus.Pending : TransactionStatus.Inquiry);
        if (sale.Type != TransactionType.Prepaid) sale.TryMoveTo(TransactionStatus.Pending);
        sale.TryMoveTo(TransactionStatus.Success).ShouldBeTrue();
        return sale;
    }
}
