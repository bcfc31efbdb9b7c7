using TokenPln.Iak;
using TokenPln.TransactionService.Printing;
using TokenPln.TransactionService.Receipts;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

/// <summary>
/// Receipts read from IAK's documented sample answers, and both paper layouts as exact text: what the customer is handed
/// must not drift unnoticed.
/// </summary>
public sealed class ReceiptTests
{
    [Theory]
    [InlineData("0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2", "PT INDOBEST ARTHA KREASI", "R1", 1300, "66.2")]
    [InlineData("0123-4567-8901-2345-6789/TOKO SINAR/JAYA/R1M /000000900/12.6", "TOKO SINAR/JAYA", "R1M", 900, "12.6")]
    [InlineData("0123-4567-8901-2345-6789/CV A/B/C/B2 /000011000/7", "CV A/B/C", "B2", 11000, "7")]
    [InlineData("0123-4567-8901-2345-6789/SINTYA/R1 /000001300", "SINTYA", "R1", 1300, null)]
    [InlineData("0123-4567-8901-2345-6789/SINTYA OKTAVIANI", "SINTYA OKTAVIANI", null, null, null)]
    [InlineData("0123-4567-8901-2345-6789/TOKO/R1", "TOKO/R1", null, null, null)]
    public void A_serial_number_is_read_from_both_ends_so_a_name_with_slashes_survives(string serialNumber, string name, string? tariff, int? powerVa,
        string? kwh)
    {
        var parsed = PlnSerialNumber.Parse(serialNumber);

        parsed.ShouldBe(new PlnSerialNumber("0123-4567-8901-2345-6789", name, tariff, powerVa, kwh));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123-4567-8901-2345-6789")]
    public void A_serial_number_without_a_name_gives_nothing_but_its_token(string? serialNumber)
    {
        var parsed = PlnSerialNumber.Parse(serialNumber);

        parsed.ShouldBe(new PlnSerialNumber(serialNumber is { Length: > 0 } ? "0123-4567-8901-2345-6789" : null, null, null, null, null));
    }

    [Fact]
    public void A_token_receipt_keeps_the_whole_name_and_leaves_an_unknown_idpel_unknown()
    {
        var receipt = SaleReceipt.From(SlashedName()).Token!;

        receipt.ShouldBe(new TokenReceipt("12345678901", null, "TOKO SINAR/JAYA", "R1M", 900, "12.6", "0123-4567-8901-2345-6789", 20_500));
    }

    [Fact]
    public void A_bill_receipt_reads_the_months_the_stand_meter_the_reference_and_the_arrears()
    {
        var bill = SaleReceipt.From(SampleSales.MultiBill()).Bill!;
        var arrears = SaleReceipt.From(SampleSales.BillWithArrears()).Bill!;

        bill.Periods.ShouldBe(["202609", "202610"]);
        (bill.MeterStart, bill.MeterEnd, bill.Reference).ShouldBe(("00080000", "00080190", "004212C9245F1BA43A77CEBD5CD5DA39"));
        (bill.Bill, bill.Penalty, bill.Admin, bill.Total, bill.Sheets, bill.ArrearsMonths).ShouldBe((297_000L, 3_000L, 5_000L, 305_000L, (int?)2, 0));
        bill.Months.Select(m => (m.Period, m.Amount, m.Penalty, m.Total)).ShouldBe([("202609", 150_000L, 3_000L, 155_500L), ("202610", 147_000L, 0L, 149_500L)]);
        arrears.ArrearsMonths.ShouldBe(2);
    }

    [Fact]
    public void A_non_taglis_receipt_reads_the_registration_from_iaks_desc()
    {
        var charge = SaleReceipt.From(SampleSales.NonTaglis()).NonTaglis!;

        charge.ShouldBe(new NonTaglisReceipt("PENYAMBUNGAN BARU", "5392112011703", new DateOnly(2012, 5, 24), "JAYUSMAN", "18147159", 696_400, 1_600, 698_000));
    }

    [Fact]
    public void A_bill_whose_stored_answer_cannot_be_read_still_prints_the_sales_own_amounts()
    {
        var sale = SampleSales.MultiBill();
        sale.ProviderPayload = "not json";

        var bill = SaleReceipt.From(sale).Bill!;

        bill.Periods.ShouldBe(["202609", "202610"]);
        (bill.Tariff, bill.Total, bill.ArrearsMonths).ShouldBe(((string?)null, 305_000L, 0));
    }

    [Theory]
    [InlineData(PaperWidth.Narrow)]
    [InlineData(PaperWidth.Wide)]
    public void No_receipt_line_is_wider_than_its_paper(PaperWidth width)
    {
        Transaction[] sales = [SampleSales.Token(), SlashedName(), SampleSales.BillWithArrears(), SampleSales.MultiBill(), SampleSales.NonTaglis()];

        sales.SelectMany(s => ReceiptText.Print(SaleReceipt.From(s), width, reprint: true).Split('\n')).ShouldAllBe(line => line.Length <= (int)width);
    }

    [Fact]
    public void A_token_receipt_prints_meter_idpel_name_tariff_kwh_and_token_on_32_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.Token()), PaperWidth.Narrow, reprint: false);

        text.ShouldBe(Paper("""
            STRUK PEMBELIAN LISTRIK PRABAYAR
            --------------------------------
            INVOICE     INV-2611300000000001
            WAKTU 30 November 2026 07:54 WIB
            KASIR                 Kasir Satu
            --------------------------------
            NO METER             12345678901
            IDPEL                12345678901
            NAMA    PT INDOBEST ARTHA KREASI
            TARIF/DAYA           R1/1.300 VA
            JML KWH                     66,2
            RP BAYAR               Rp 20.500
            --------------------------------
            STROOM/TOKEN
                0123 4567 8901 2345 6789
            --------------------------------
             Informasi Hubungi Call Center
             123 atau Hubungi PLN Terdekat
            """));
    }

    [Fact]
    public void A_reprinted_token_receipt_on_48_columns_is_marked_cetak_ulang()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.Token()), PaperWidth.Wide, reprint: true);

        text.ShouldBe(Paper("""
                    STRUK PEMBELIAN LISTRIK PRABAYAR
                          *** CETAK ULANG ***
            ------------------------------------------------
            INVOICE                     INV-2611300000000001
            WAKTU                 30 November 2026 07:54 WIB
            KASIR                                 Kasir Satu
            ------------------------------------------------
            NO METER                             12345678901
            IDPEL                                12345678901
            NAMA                    PT INDOBEST ARTHA KREASI
            TARIF/DAYA                           R1/1.300 VA
            JML KWH                                     66,2
            RP BAYAR                               Rp 20.500
            ------------------------------------------------
            STROOM/TOKEN
                        0123 4567 8901 2345 6789
            ------------------------------------------------
             Informasi Hubungi Call Center 123 atau Hubungi
                              PLN Terdekat
            """));
    }

    [Fact]
    public void A_name_containing_a_slash_is_printed_whole_and_a_missing_idpel_is_left_out_on_32_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SlashedName()), PaperWidth.Narrow, reprint: false);

        text.ShouldBe(Paper("""
            STRUK PEMBELIAN LISTRIK PRABAYAR
            --------------------------------
            INVOICE     INV-2611300000000001
            WAKTU 30 November 2026 07:54 WIB
            KASIR                 Kasir Satu
            --------------------------------
            NO METER             12345678901
            NAMA             TOKO SINAR/JAYA
            TARIF/DAYA            R1M/900 VA
            JML KWH                     12,6
            RP BAYAR               Rp 20.500
            --------------------------------
            STROOM/TOKEN
                0123 4567 8901 2345 6789
            --------------------------------
             Informasi Hubungi Call Center
             123 atau Hubungi PLN Terdekat
            """));
    }

    [Fact]
    public void A_name_containing_a_slash_is_printed_whole_on_48_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SlashedName()), PaperWidth.Wide, reprint: true);

        text.ShouldBe(Paper("""
                    STRUK PEMBELIAN LISTRIK PRABAYAR
                          *** CETAK ULANG ***
            ------------------------------------------------
            INVOICE                     INV-2611300000000001
            WAKTU                 30 November 2026 07:54 WIB
            KASIR                                 Kasir Satu
            ------------------------------------------------
            NO METER                             12345678901
            NAMA                             TOKO SINAR/JAYA
            TARIF/DAYA                            R1M/900 VA
            JML KWH                                     12,6
            RP BAYAR                               Rp 20.500
            ------------------------------------------------
            STROOM/TOKEN
                        0123 4567 8901 2345 6789
            ------------------------------------------------
             Informasi Hubungi Call Center 123 atau Hubungi
                              PLN Terdekat
            """));
    }

    [Fact]
    public void A_bill_with_arrears_tells_the_customer_how_many_months_are_still_unpaid_on_32_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.BillWithArrears()), PaperWidth.Narrow, reprint: false);

        text.ShouldBe(Paper("""
            STRUK PEMBAYARAN TAGIHAN LISTRIK
            --------------------------------
            INVOICE     INV-2611300000000002
            WAKTU 30 November 2026 07:54 WIB
            KASIR                 Kasir Satu
            --------------------------------
            IDPEL               530000000000
            NAMA              SUBCRIBER NAME
            TARIF/DAYA           R1/1.300 VA
            BL/TH                      AGU16
            STAND METER    00080000-00080000
            RP TAG PLN            Rp 300.000
            NO REF
            004212C9245F1BA43A77CEBD5CD5DA39
            ADMIN BANK              Rp 2.500
            TOTAL BAYAR           Rp 302.500
            --------------------------------
            PLN menyatakan struk ini sebagai
               bukti pembayaran yang sah
            --------------------------------
            ANDA MASIH MEMILIKI TUNGGAKAN 2
                         BULAN
            """));
    }

    [Fact]
    public void A_bill_with_arrears_on_48_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.BillWithArrears()), PaperWidth.Wide, reprint: true);

        text.ShouldBe(Paper("""
                    STRUK PEMBAYARAN TAGIHAN LISTRIK
                          *** CETAK ULANG ***
            ------------------------------------------------
            INVOICE                     INV-2611300000000002
            WAKTU                 30 November 2026 07:54 WIB
            KASIR                                 Kasir Satu
            ------------------------------------------------
            IDPEL                               530000000000
            NAMA                              SUBCRIBER NAME
            TARIF/DAYA                           R1/1.300 VA
            BL/TH                                      AGU16
            STAND METER                    00080000-00080000
            RP TAG PLN                            Rp 300.000
            NO REF          004212C9245F1BA43A77CEBD5CD5DA39
            ADMIN BANK                              Rp 2.500
            TOTAL BAYAR                           Rp 302.500
            ------------------------------------------------
                 PLN menyatakan struk ini sebagai bukti
                          pembayaran yang sah
            ------------------------------------------------
                 ANDA MASIH MEMILIKI TUNGGAKAN 2 BULAN
            """));
    }

    [Fact]
    public void A_multi_bill_payment_prints_every_period_the_stand_meter_across_them_and_the_penalty_on_32_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.MultiBill()), PaperWidth.Narrow, reprint: false);

        text.ShouldBe(Paper("""
            STRUK PEMBAYARAN TAGIHAN LISTRIK
            --------------------------------
            INVOICE     INV-2611300000000003
            WAKTU 30 November 2026 07:54 WIB
            KASIR                 Kasir Satu
            --------------------------------
            IDPEL               530000000000
            NAMA              SUBCRIBER NAME
            TARIF/DAYA           R1/1.300 VA
            BL/TH               SEP26, OKT26
            STAND METER    00080000-00080190
            RP TAG PLN            Rp 297.000
            DENDA                   Rp 3.000
            NO REF
            004212C9245F1BA43A77CEBD5CD5DA39
            ADMIN BANK              Rp 5.000
            TOTAL BAYAR           Rp 305.000
            --------------------------------
            PLN menyatakan struk ini sebagai
               bukti pembayaran yang sah
            """));
    }

    [Fact]
    public void A_multi_bill_payment_on_48_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.MultiBill()), PaperWidth.Wide, reprint: true);

        text.ShouldBe(Paper("""
                    STRUK PEMBAYARAN TAGIHAN LISTRIK
                          *** CETAK ULANG ***
            ------------------------------------------------
            INVOICE                     INV-2611300000000003
            WAKTU                 30 November 2026 07:54 WIB
            KASIR                                 Kasir Satu
            ------------------------------------------------
            IDPEL                               530000000000
            NAMA                              SUBCRIBER NAME
            TARIF/DAYA                           R1/1.300 VA
            BL/TH                               SEP26, OKT26
            STAND METER                    00080000-00080190
            RP TAG PLN                            Rp 297.000
            DENDA                                   Rp 3.000
            NO REF          004212C9245F1BA43A77CEBD5CD5DA39
            ADMIN BANK                              Rp 5.000
            TOTAL BAYAR                           Rp 305.000
            ------------------------------------------------
                 PLN menyatakan struk ini sebagai bukti
                          pembayaran yang sah
            """));
    }

    [Fact]
    public void A_non_taglis_receipt_prints_the_charge_its_registration_and_amounts_on_32_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.NonTaglis()), PaperWidth.Narrow, reprint: false);

        text.ShouldBe(Paper("""
               STRUK NON TAGIHAN LISTRIK
            --------------------------------
            INVOICE     INV-2611300000000004
            WAKTU 30 November 2026 07:54 WIB
            KASIR                 Kasir Satu
            --------------------------------
            TRANSAKSI      PENYAMBUNGAN BARU
            NO REGISTRASI      5392112011703
            TGL REGISTRASI       24 Mei 2012
            NAMA                    JAYUSMAN
            BIAYA PLN             Rp 696.400
            NO REF                  18147159
            ADMIN BANK              Rp 1.600
            TOTAL BAYAR           Rp 698.000
            --------------------------------
            PLN menyatakan struk ini sebagai
               bukti pembayaran yang sah
            """));
    }

    [Fact]
    public void A_non_taglis_receipt_on_48_columns()
    {
        var text = ReceiptText.Print(SaleReceipt.From(SampleSales.NonTaglis()), PaperWidth.Wide, reprint: true);

        text.ShouldBe(Paper("""
                       STRUK NON TAGIHAN LISTRIK
                          *** CETAK ULANG ***
            ------------------------------------------------
            INVOICE                     INV-2611300000000004
            WAKTU                 30 November 2026 07:54 WIB
            KASIR                                 Kasir Satu
            ------------------------------------------------
            TRANSAKSI                      PENYAMBUNGAN BARU
            NO REGISTRASI                      5392112011703
            TGL REGISTRASI                       24 Mei 2012
            NAMA                                    JAYUSMAN
            BIAYA PLN                             Rp 696.400
            NO REF                                  18147159
            ADMIN BANK                              Rp 1.600
            TOTAL BAYAR                           Rp 698.000
            ------------------------------------------------
                 PLN menyatakan struk ini sebagai bukti
                          pembayaran yang sah
            """));
    }

    private static Transaction SlashedName() =>
        SampleSales.Token("0123-4567-8901-2345-6789/TOKO SINAR/JAYA/R1M /000000900/12.6", subscriberId: null);

    private static string Paper(string text) => text.ReplaceLineEndings("\n") + "\n";
}
