using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

public class InvoicesAndWibTests
{
    [Fact]
    public void Invoices_are_inv_and_16_digits_starting_with_the_wib_date()
    {
        // 20:30 UTC on the 21st is already the 22nd in Jakarta.
        var invoice = Invoices.New(new DateTimeOffset(2026, 11, 21, 20, 30, 0, TimeSpan.Zero));

        invoice.ShouldMatch(@"^INV-\d{16}$");
        invoice[4..10].ShouldBe("261122");
        Invoices.IsWellFormed(invoice).ShouldBeTrue();
    }

    [Fact]
    public void Invoices_drawn_at_the_same_instant_collide_no_more_than_ten_random_digits_allow()
    {
        var now = DateTimeOffset.UtcNow;

        var invoices = Enumerable.Range(0, 20_000).Select(_ => Invoices.New(now)).ToList();

        // 20,000 draws from 10^10 expect 0.02 collisions (the unique index and a redraw handle those); three or more
        // happen about once in a million runs by chance, and every time if the digits were not random.
        (invoices.Count - invoices.Distinct().Count()).ShouldBeLessThanOrEqualTo(2);
    }

    [Theory]
    [InlineData("INV-123")]
    [InlineData("INV-12345678901234AB")]
    [InlineData("XXX-1234567890123456")]
    [InlineData("INV-1234567890123456 ")]
    [InlineData(null)]
    public void Malformed_invoices_are_recognised(string? invoice) => Invoices.IsWellFormed(invoice).ShouldBeFalse();

    [Fact]
    public void The_postpaid_ref_id_is_the_invoice_without_its_hyphen()
    {
        Invoices.PostpaidRefId("INV-2611210000000001").ShouldBe("INV2611210000000001");
    }

    [Theory]
    [InlineData("2026-11-21T16:59:59Z", "2026-11-21", 1439)]
    [InlineData("2026-11-21T17:00:00Z", "2026-11-22", 0)]
    [InlineData("2026-11-21T23:59:00+07:00", "2026-11-21", 1439)]
    [InlineData("2026-11-22T00:00:00+07:00", "2026-11-22", 0)]
    [InlineData("2026-11-22T01:30:00Z", "2026-11-22", 510)]
    public void Sales_are_bucketed_by_the_wib_day_and_minute(string instant, string date, int minuteOfDay)
    {
        var (day, minute) = JakartaClock.Bucket(DateTimeOffset.Parse(instant));

        (day.ToString("yyyy-MM-dd"), minute).ShouldBe((date, minuteOfDay));
    }

    [Fact]
    public void A_bill_inquiry_is_payable_until_wib_midnight()
    {
        JakartaClock.EndOfDay(DateTimeOffset.Parse("2026-11-21T16:30:00Z"))
            .ShouldBe(DateTimeOffset.Parse("2026-11-22T00:00:00+07:00"));
    }
}
