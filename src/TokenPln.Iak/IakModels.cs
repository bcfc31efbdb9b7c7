namespace TokenPln.Iak;

public sealed record IakPrepaidProduct(string Code, string Description, long Nominal, long Price, bool Active, string Type, string Category);

public sealed record IakPlnCustomer(string CustomerId, string MeterNo, string SubscriberId, string Name, string Tariff, int PowerVa);

/// <summary>A top-up as IAK reports it: status 0 PROCESS, 1 SUCCESS, 2 FAILED.</summary>
public sealed record IakPrepaidTransaction(
    string RefId, int Status, string? ProductCode, string? CustomerId, long? Price, long? Balance, long? TrId, string? SerialNumber,
    string Rc, string Message)
{
    public string? Token => PlnToken.FromSerialNumber(SerialNumber);
}

public sealed record IakPostpaidProduct(string Code, string Name, bool Active, long Fee, long Commission, string Type, string Category);

/// <summary>
/// A postpaid or Non-Taglis bill from an inquiry, payment or status check. <see cref="Price"/> (nominal + admin) is
/// what the customer pays; <see cref="SellingPrice"/> what IAK takes from the deposit.
/// </summary>
public sealed record IakBill(
    long TrId, string RefId, string Code, string CustomerId, string CustomerName, string Period, long Nominal, long Admin,
    long Price, long SellingPrice, int? Sheets, int? SheetsRemaining, string? PaidAt, long? Balance, string? NoRef, int? Status,
    string? Detail);

public sealed record IakBalance(long Balance);

/// <summary>IAK's prepaid callback, whose values all arrive as strings.</summary>
public sealed record IakCallback(
    string RefId, int Status, string? ProductCode, string? CustomerId, long? Price, long? Balance, long? TrId, string? SerialNumber,
    string Rc, string Message, string Sign)
{
    public IakPrepaidTransaction ToTransaction() => new(RefId, Status, ProductCode, CustomerId, Price, Balance, TrId, SerialNumber, Rc, Message);
}

/// <summary>The 20-digit PLN token from IAK's serial number <c>token/name/tariff/power/kWh</c>.</summary>
public static class PlnToken
{
    public static string? FromSerialNumber(string? serialNumber)
    {
        var digits = serialNumber?.Split('/')[0].Where(char.IsAsciiDigit).ToArray();
        return digits is { Length: 20 } ? FormatForReceipt(new string(digits)) : null;
    }

    /// <summary>Groups of four, as printed on a receipt and typed into the meter: 0123-4567-8901-2345-6789.</summary>
    public static string FormatForReceipt(string twentyDigits) =>
        string.Join('-', Enumerable.Range(0, 5).Select(i => twentyDigits.Substring(i * 4, 4)));
}
