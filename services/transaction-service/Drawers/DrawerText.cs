using System.Globalization;
using TokenPln.Contracts.Shifts;

namespace TokenPln.TransactionService.Drawers;

/// <summary>Amounts and times as a cashier reads them on paper: "Rp 20.500", "-Rp 1.000", "10 Jul 2024 07:54" (WIB).</summary>
public static class DrawerText
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];


    public static string Wib(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShiftWindow.Jakarta);
        return $"{local.Day} {Months[local.Month - 1]} {local.Year} {local:HH\\:mm}";
    }
}
