using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace TokenPln.ServiceDefaults.Auth;

/// <summary>
/// The one JWT contract of the system: user-service signs, every service validates locally with the same
/// key (<c>Jwt:SigningKey</c>, from the secret store), so no request needs user-service to be up.
/// </summary>
public sealed class JwtSettings
{
    public const int MinimumKeyBytes = 32;

    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    public required SymmetricSecurityKey SigningKey { get; init; }
    public TimeSpan OwnerTokenLifetime { get; init; } = TimeSpan.FromHours(8);
    public TimeSpan CashierTokenLifetime { get; init; } = TimeSpan.FromHours(12);

    public static JwtSettings From(IConfiguration configuration)
    {
        var key = configuration["Jwt:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < MinimumKeyBytes)
        {
            throw new InvalidOperationException(
                $"Jwt:SigningKey must be set (from the secret store or Jwt__SigningKey) and at least {MinimumKeyBytes} bytes long.");
        }

        return new JwtSettings
        {
            Issuer = configuration["Jwt:Issuer"] ?? "tokenpln",
            Audience = configuration["Jwt:Audience"] ?? "tokenpln",
            SigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
            OwnerTokenLifetime = configuration.GetValue("Jwt:OwnerTokenLifetime", TimeSpan.FromHours(8)),
            CashierTokenLifetime = configuration.GetValue("Jwt:CashierTokenLifetime", TimeSpan.FromHours(12)),
        };
    }
}
