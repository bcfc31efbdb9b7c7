using System.ComponentModel.DataAnnotations;

namespace TokenPln.Iak;

/// <summary>
/// The IAK account (<c>Iak:*</c>). <see cref="ApiKey"/> is a secret: it comes from the Dapr secret store or the
/// environment, never from appsettings. The endpoints are Dapr HTTPEndpoint names from <c>components/</c>.
/// </summary>
public sealed class IakOptions
{
    [Required] public string Username { get; set; } = "";
    [Required] public string ApiKey { get; set; } = "";
    [Required] public string PrepaidEndpoint { get; set; } = "iak-prepaid";
    [Required] public string PostpaidEndpoint { get; set; } = "iak-postpaid";

    /// <summary>IAK's code for PLN Non-Taglis, which IAK has renamed before (PLNNONH, then PLNNONTAG).</summary>
    [Required] public string NonTaglisCode { get; set; } = "PLNNONTAG";

    public const string PostpaidCode = "PLNPOSTPAID";
}
