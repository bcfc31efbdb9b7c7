using System.Security.Cryptography;
using System.Text;

namespace TokenPln.IakSandbox.Prepaid;

internal sealed record PrepaidProduct(string Code, long Nominal, long Price);

internal sealed record PlnCustomer(string CustomerId, string MeterNo, string SubscriberId, string Name, string Tariff, int PowerVa)
{
    public string SegmentPower => $"{Tariff} /{PowerVa:D9}";
}

/// <summary>
/// PLN token denominations and meters. The documented sandbox meter 12345678901 answers as IAK documents it;
/// every other well-formed meter answers deterministically, except numbers ending in 14, which are invalid.
/// Top-ups to meters ending in 07 settle as FAILED (rc 07), the rest as SUCCESS.
/// </summary>
internal static class PrepaidCatalog
{
    public const string DocumentedMeter = "12345678901";

    public static readonly IReadOnlyList<PrepaidProduct> PlnTokens =
    [
        new("hpln20000", 20_000, 20_500),
        new("hpln50000", 50_000, 50_500),
        new("hpln100000", 100_000, 100_500),
        new("hpln200000", 200_000, 200_500),
        new("hpln500000", 500_000, 500_500),
        new("hpln1000000", 1_000_000, 1_000_500),
    ];

    private static readonly string[] Names =
        ["BUDI SANTOSO", "SITI RAHAYU", "AGUS SETIAWAN", "DEWI LESTARI", "EKO PRASETYO", "RINA WULANDARI", "HENDRA GUNAWAN", "NUR HIDAYAH"];

    private static readonly (string Tariff, int Power)[] Segments = [("R1", 900), ("R1", 1300), ("R1", 2200), ("R2", 3500), ("B1", 5500)];

    public static PlnCustomer? FindCustomer(string? customerId)
    {
        if (customerId == DocumentedMeter)
        {
            return new PlnCustomer(customerId, "548933889287", customerId, "Sintya Oktaviani", "R1", 1300);
        }

        if (customerId is null || customerId.Length is < 11 or > 12 || !customerId.All(char.IsAsciiDigit) || customerId.EndsWith("14"))
        {
            return null;
        }

        var hash = Hash(customerId);
        var (tariff, power) = Segments[hash[0] % Segments.Length];
        return new PlnCustomer(customerId, "5" + string.Concat(hash.Skip(1).Take(11).Select(b => (char)('0' + b % 10))), customerId,
            Names[hash[1] % Names.Length], tariff, power);
    }

    public static bool SettlesAsFailure(string customerId) => customerId.EndsWith("07");

    /// <summary>IAK's PLN serial number: 20-digit token in groups of four / name / tariff / power / kWh.</summary>
    public static string SerialNumber(string refId, PlnCustomer customer, long nominal)
    {
        var digits = string.Concat(Hash("token:" + refId).Take(20).Select(b => (char)('0' + b % 10)));
        var token = string.Join('-', Enumerable.Range(0, 5).Select(i => digits.Substring(i * 4, 4)));
        var kwh = Math.Round(nominal / 1444.70m, 1);
        return $"{token}/{customer.Name.ToUpperInvariant()}/{customer.Tariff} /{customer.PowerVa:D9}/{kwh.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
