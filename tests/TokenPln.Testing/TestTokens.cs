using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenPln.ServiceDefaults.Auth;

namespace TokenPln.Testing;

/// <summary>Tokens as user-service issues them, for testing the other services on their own.</summary>
public static class TestTokens
{
    public const string SigningKey = "functional-tests-signing-key-0123456789abcdef";

    /// <summary>What the sidecar presents to the app (<c>APP_API_TOKEN</c>) in functional tests.</summary>
    public const string AppApiToken = "functional-tests-app-api-token";

    private static readonly DateTime ValidFrom = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Owner(int id = 1, DateTimeOffset? expires = null, string key = SigningKey) =>
        Create(id, "Pemilik", Roles.Owner, null, expires ?? DateTimeOffset.UtcNow.AddHours(1), key);

    /// <param name="issuedAt">A day before <paramref name="expires"/> unless given.</param>
    public static string Cashier(int id, int officeHoursId, DateTimeOffset? expires = null, string key = SigningKey, DateTimeOffset? issuedAt = null) =>
        Create(id, $"Kasir {id}", Roles.Cashier, officeHoursId, expires ?? DateTimeOffset.UtcNow.AddHours(1), key, issuedAt);

    public static string Create(int id, string name, string role, int? officeHoursId, DateTimeOffset expires, string key = SigningKey,
        DateTimeOffset? issuedAt = null)
    {
        var claims = new List<Claim>
        {
            new(TokenClaims.UserId, id.ToString(CultureInfo.InvariantCulture)),
            new(TokenClaims.Name, name),
            new(TokenClaims.Role, role),
        };
        if (officeHoursId is { } shift) claims.Add(new Claim(TokenClaims.OfficeHoursId, shift.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "tokenpln",
            Audience = "tokenpln",
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (issuedAt ?? expires.AddDays(-1)).UtcDateTime,
            // Tests set the app's clock to fixed days that fall ever further behind the real one; a token valid from long
            // before them keeps those tests meaning the same whatever day they run.
            NotBefore = ValidFrom,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Makes the client speak as the app's sidecar, for sidecar-only routes (events, internal reads).</summary>
    public static HttpClient AsSidecar(this HttpClient client)
    {
        client.DefaultRequestHeaders.Add("dapr-api-token", AppApiToken);
        return client;
    }

    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
