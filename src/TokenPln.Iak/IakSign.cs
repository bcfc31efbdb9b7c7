using System.Security.Cryptography;
using System.Text;

namespace TokenPln.Iak;

/// <summary>IAK's <c>sign</c>: lowercase hex md5 of username + api key + a per-operation value.</summary>
public static class IakSign
{
    public const string CheckBalance = "bl";
    public const string PriceList = "pl";
    public const string PostpaidCheckStatus = "cs";

    public static string Compute(string username, string apiKey, string value) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(username + apiKey + value)));

    public static bool Matches(string username, string apiKey, string value, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(presented.ToLowerInvariant()), Encoding.ASCII.GetBytes(Compute(username, apiKey, value)));
}
