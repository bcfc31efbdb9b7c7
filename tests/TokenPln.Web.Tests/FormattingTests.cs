using TokenPln.Web.Formatting;

namespace TokenPln.Web.Tests;

public class FormattingTests
{
    [Theory]
    [InlineData(20500, "Rp 20.500")]
    [InlineData(0, "Rp 0")]
    [InlineData(999, "Rp 999")]
    [InlineData(1_250_000, "Rp 1.250.000")]
    [InlineData(-2500, "-Rp 2.500")]
    public void Money_is_written_as_rupiah_with_dots_for_thousands(long amount, string expected) =>
        Rupiah.Format(amount).ShouldBe(expected);

    [Theory]
    [InlineData(20_000, "20rb")]
    [InlineData(100_000, "100rb")]
    [InlineData(1_000_000, "1jt")]
    [InlineData(12_500, "Rp 12.500")]
    public void Price_list_buttons_say_the_nominal_as_the_counter_does(long nominal, string expected) =>
        Rupiah.Short(nominal).ShouldBe(expected);

    [Theory]
    [InlineData("25000", 25000L)]
    [InlineData("Rp 25.000", 25000L)]
    [InlineData(" 50.000 ", 50000L)]
    [InlineData("", null)]
    [InlineData("dua puluh", null)]
    [InlineData("-5000", null)]
    public void Cash_typed_by_the_cashier_is_read_as_rupiah_or_refused(string text, long? expected) =>
        Rupiah.Parse(text).ShouldBe(expected);

    [Fact]
    public void Times_are_shown_in_wib_with_indonesian_month_names()
    {
        // 00:54 UTC is 07:54 in Jakarta.
        Wib.Format(new DateTimeOffset(2024, 7, 10, 0, 54, 0, TimeSpan.Zero)).ShouldBe("10 Juli 2024 07:54");
        Wib.Format(new DateTimeOffset(2024, 12, 31, 20, 5, 0, TimeSpan.Zero)).ShouldBe("1 Januari 2025 03:05");
        Wib.Format(new DateTimeOffset(2024, 8, 17, 10, 0, 0, TimeSpan.FromHours(7))).ShouldBe("17 Agustus 2024 10:00");
    }

    [Theory]
    [InlineData("12345678901234567890", "1234-5678-9012-3456-7890")]
    [InlineData("1234-5678-9012-3456-7890", "1234-5678-9012-3456-7890")]
    [InlineData("1234 5678 9012 3456 7890", "1234-5678-9012-3456-7890")]
    [InlineData("123456", "1234-56")]
    [InlineData(null, "")]
    public void A_token_is_grouped_by_four_digits(string? token, string expected) =>
        TokenNumber.Group(token).ShouldBe(expected);
}
