using System.Globalization;

namespace TokenPln.Contracts.Money;

/// <summary>
/// Whole rupiah as a counter writes them, the one rule for every service's Indonesian text and printout: <c>Rp 20.500</c>,
/// <c>-Rp 1.000</c>. Built from the invariant culture rather than id-ID, so the text does not depend on the host's ICU data.
/// </summary>
public static class Rupiah
{
    public static string Format(long amount) => (amount < 0 ? "-Rp " : "Rp ") + Group(Math.Abs(amount));

    /// <summary>A whole number grouped by thousands with dots (<c>1.300</c>), as in amounts and power in VA.</summary>
    public static string Group(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
}
