using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.Auth;

/// <summary>Signs the session JWT that every service validates locally.</summary>
public sealed class TokenIssuer(JwtSettings settings)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(User user, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var claims = new List<Claim>
        {
            new(TokenClaims.UserId, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(TokenClaims.Name, user.Name),
            new(TokenClaims.Role, user.Role),
        };
        if (user.OfficeHoursId is { } officeHoursId)
        {
            claims.Add(new Claim(TokenClaims.OfficeHoursId, officeHoursId.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            // A login in the very second of a logout must not fall before its cut-off (which is rounded up to the second).
            IssuedAt = user.TokensRevokedBefore is { } cutOff && cutOff > now.UtcDateTime ? cutOff : now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
