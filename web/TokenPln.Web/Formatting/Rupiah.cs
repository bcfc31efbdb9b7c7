using System.Globalization;

namespace TokenPln.Web.Formatting;

/// <summary>Money as cashiers write it: <c>Rp 20.500</c> (dot for thousands, no decimals; IAK prices are whole rupiah).</summary>
public static class Rupiah
{
    public static string Format(long amount)
    {
        // Built by hand rather than with the id-ID culture, so that the text does not depend on the host's ICU data.
        var digits = Math.Abs(amount).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        return amount < 0 ? $"-Rp {digits}" : $"Rp {digits}";
    }

    /// <summary>A price-list button: <c>20rb</c>, <c>1jt</c>, as the counter says them.</summary>
    public static string Short(long nominal) => nominal switch
    {
        >= 1_000_000 when nominal % 1_000_000 == 0 => $"{nominal / 1_000_000}jt",
        >= 1_000 when nominal % 1_000 == 0 => $"{nominal / 1_000}rb",
        _ => Format(nominal),
    };

    /// <summary>Reads what a cashier types for cash: digits, optionally with <c>Rp</c>, dots or spaces; null when it is not an amount.</summary>
    public static long? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = text.Trim();
        if (cleaned.StartsWith("Rp", StringComparison.OrdinalIgnoreCase)) cleaned = cleaned[2..];
        cleaned = cleaned.Replace(".", "").Replace(" ", "");
        return cleaned.Length is > 0 and <= 15 && cleaned.All(char.IsAsciiDigit) ? long.Parse(cleaned, CultureInfo.InvariantCulture) : null;
    }
}
