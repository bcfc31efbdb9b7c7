using System.Globalization;

namespace TokenPln.Iak;

/// <summary>
/// What IAK's serial number of a successful PLN top-up carries: <c>token/NAME/TARIFF /POWER/KWH</c>, for example
/// <c>0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2</c>. Each part is null when the serial
/// number does not carry it; nothing is guessed.
/// </summary>
public sealed record PlnSerialNumber(string? Token, string? Name, string? Tariff, int? PowerVa, string? Kwh)
{
    /// <summary>
    /// Reads the token from the left and kWh, power and tariff from the right; the name is whatever lies between, so a
    /// name that itself contains '/' (a shop, "PT A/B") survives. The right-hand parts are taken only when they look like
    /// what they are (a number, a zero-padded power, a tariff class): a shorter serial number keeps them in the name's
    /// place rather than reading a piece of the name as a tariff.
    /// </summary>
    public static PlnSerialNumber Parse(string? serialNumber)
    {
        if (string.IsNullOrWhiteSpace(serialNumber)) return new(null, null, null, null, null);

        var parts = serialNumber.Split('/');
        var token = PlnToken.FromSerialNumber(serialNumber);
        var first = 1;
        var last = parts.Length - 1;
        string? tariff = null, kwh = null;
        int? power = null;

        if (parts.Length >= 5 && IsKwh(parts[last]) && IsPower(parts[last - 1]) && IsTariff(parts[last - 2]))
        {
            (kwh, power, tariff) = (parts[last].Trim(), Power(parts[last - 1]), parts[last - 2].Trim());
            last -= 3;
        }
        else if (parts.Length >= 4 && IsPower(parts[last]) && IsTariff(parts[last - 1]))
        {
            (power, tariff) = (Power(parts[last]), parts[last - 1].Trim());
            last -= 2;
        }

        var name = last >= first ? string.Join('/', parts[first..(last + 1)]).Trim() : "";
        return new(token, name.Length > 0 ? name : null, tariff, power, kwh);
    }

    // "66.2", "12,6", "7": kWh as IAK writes it, with at most one decimal separator.
    private static bool IsKwh(string part)
    {
        var text = part.Trim();
        return text.Length is > 0 and <= 12 && text.All(c => char.IsAsciiDigit(c) || c is '.' or ',')
               && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1]) && text.Count(c => c is '.' or ',') <= 1;
    }

    // "000001300": the power in VA, zero-padded to nine digits by PLN; a shorter plain number is accepted too.
    private static bool IsPower(string part)
    {
        var text = part.Trim();
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);
    }

    // "R1", "R1M", "B2", "LB": PLN's tariff classes are a letter followed by a few letters or digits.
    private static bool IsTariff(string part)
    {
        var text = part.Trim();
        return text.Length is > 0 and <= 5 && char.IsAsciiLetterUpper(text[0]) && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
    }

    private static int? Power(string part) =>
        int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var va) ? va : null;
}
