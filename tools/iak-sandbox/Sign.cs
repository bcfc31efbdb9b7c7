using System.Security.Cryptography;
using System.Text;

namespace TokenPln.IakSandbox;

/// <summary>IAK's request signature: lowercase hex md5 of username + api key + a per-operation value.</summary>
internal static class Sign
{
    public static string Compute(string username, string apiKey, string value) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(username + apiKey + value)));

    public static bool Verify(SandboxState state, string? username, string? sign, string value) =>
        username == state.Username
        && sign is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sign), Encoding.ASCII.GetBytes(Compute(state.Username, state.ApiKey, value)));
}
