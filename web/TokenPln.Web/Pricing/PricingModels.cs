namespace TokenPln.Web.Pricing;

/// <summary>The rule kinds as master-service spells them on the wire.</summary>
public static class PriceKinds
{
    public const string Price = "price";
    public const string Fixed = "fixed";
    public const string Percent = "percent";

    /// <summary>How the owner reads a rule: "Harga jual Rp 21.000", "Markup Rp 500", "Markup 2%".</summary>
    public static string Describe(string kind, long value) => kind switch
    {
        Price => $"Harga jual {Formatting.Rupiah.Format(value)}",
        Percent => $"Markup {value}%",
        _ => $"Markup {Formatting.Rupiah.Format(value)}",
    };
}

public sealed record PriceRuleRequest(string Kind, long? Value);

public sealed record PriceSettingsRequest(string DefaultKind, long? DefaultValue, long? PostpaidAdminFee, long? NontaglisAdminFee);

public sealed record PriceRule(string Kind, long Value, DateTimeOffset UpdatedAt, string UpdatedByName);

/// <summary>One product: IAK's price, the owner's rule (null: the default markup), what it sells at and earns per sale.</summary>
public sealed record ProductPrice(string Code, string Description, long Nominal, long IakPrice, bool Active, PriceRule? Rule, long SellingPrice,
    long Margin);

public sealed record PriceSettings(string DefaultKind, long DefaultValue, long PostpaidAdminFee, long NontaglisAdminFee, DateTimeOffset? UpdatedAt,
    string? UpdatedByName);

/// <summary><c>Stale</c>: IAK could not be asked, the list is master-service's last copy.</summary>
public sealed record PriceList(IReadOnlyList<ProductPrice> Products, PriceSettings Settings, bool Stale);

/// <summary>One audited change; <c>Subject</c> is a product code or <c>settings</c>, Before/After are the service's own words.</summary>
public sealed record PriceChange(DateTimeOffset At, int ById, string ByName, string Subject, string? Before, string? After);

public sealed record DailyMargin(DateOnly Date, long Revenue, long Cost, long Margin, int Count);

/// <summary>Successful sales only: revenue is what customers paid, cost what IAK deducted.</summary>
public sealed record MarginFigures(long Revenue, long Cost, long Margin, int Count, IReadOnlyList<DailyMargin> Daily);
