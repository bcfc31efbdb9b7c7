using TokenPln.Contracts.Money;

namespace TokenPln.TransactionService.UnitTests;

public sealed class RupiahTests
{
    [Theory]
    [InlineData(20_500, "Rp 20.500")]
    [InlineData(0, "Rp 0")]
    [InlineData(-5_500, "-Rp 5.500")]
    [InlineData(1_000_000_000, "Rp 1.000.000.000")]
    public void Amounts_are_written_as_a_counter_writes_them(long amount, string expected) => Rupiah.Format(amount).ShouldBe(expected);

    [Fact]
    public void Power_in_va_is_grouped_by_thousands_with_dots() => Rupiah.Group(1_300).ShouldBe("1.300");
}
