using TokenPln.Web.Api;

namespace TokenPln.Web.Tests;

internal static class TestData
{
    public static readonly PrepaidProduct Token20 = new("hpln20000", "PLN 20.000", 20_000, 20_500, true);
    public static readonly PrepaidProduct Token50 = new("hpln50000", "PLN 50.000", 50_000, 50_500, true);
    public static readonly PrepaidProduct Token100 = new("hpln100000", "PLN 100.000", 100_000, 100_500, true);
    public static readonly PrepaidProduct Inactive = new("hpln5000000", "PLN 5.000.000", 5_000_000, 5_000_500, false);

    public static readonly PlnCustomer Customer = new("12345678901", "12345678901", "512345678901", "BUDI SANTOSO", "R1", 1300);

    public static TransactionInfo Sale(string status, string? token = null, string invoice = "INV-2024071000000001", string? message = null) => new(
        invoice, "prepaid", Token20.Code, Customer.MeterNumber, Customer.Name, status, message, Token20.Price, Token20.Nominal, 0, token,
        null, 7, "Kasir Satu", 1, new DateTimeOffset(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7)),
        new DateTimeOffset(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7)), false);
}
