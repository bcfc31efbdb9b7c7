using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>The owner's CSV export of the filtered list, and the cashier's own totals of the shift they are in now.</summary>
public sealed class ExportAndMyShiftTests : SalesTestBase, IAsyncLifetime
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    /// <summary>01:30 WIB on the 21st: inside Shift Malam (22:00–05:59) that started on the evening of the 20th.</summary>
    private static readonly DateTimeOffset Night = At(21, 1, 30);

    private readonly List<HttpClient> _clients = [];

    public ExportAndMyShiftTests() => Factory.Clock.Set(Night);

    public async Task InitializeAsync()
    {
        await Eventually.HoldsAsync(() =>
        {
            using var scope = Factory.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<TransactionDbContext>().ShiftCopies.Count() == 4;
        }, "the shifts are copied");

        // Cashier 10 on the night of the 20th–21st (Shift Malam), with sales just outside that window on both sides.
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 20_500, At(20, 3, 0), "12345678901", "Previous night");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 50_500, At(20, 21, 59), "12345678901", "Before the shift");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 20_500, At(20, 22, 0), "12345678902", "Budi, \"Pak\" Santoso");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Pending, 100_500, At(20, 23, 45), "12345678903", "=1+2");
        await SeedAsync(CashierId, TransactionType.Postpaid, TransactionStatus.Failed, 302_500, At(21, 0, 30), "530000000000", "Siti\nAminah", "202611");
        await SeedAsync(CashierId, TransactionType.Postpaid, TransactionStatus.Inquiry, 150_000, At(21, 1, 0), "530000000001", "Only looked up", "202611");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 200_500, At(21, 1, 20), "12345678904", "Ani");
        // Cashier 11, in the same night: never in cashier 10's totals.
        await SeedAsync(OtherCashierId, TransactionType.Prepaid, TransactionStatus.Success, 1_000_500, At(20, 23, 0), "12345678905", "Other's customer");
        await SeedAsync(OtherCashierId, TransactionType.Nontaglis, TransactionStatus.Pending, 698_000, At(21, 1, 10), "3225030000000", "Dedi");
    }

    public Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("")]
    [InlineData("?type=prepaid")]
    [InlineData("?status=success")]
    [InlineData("?cashierId=11")]
    [InlineData("?from=2026-11-21&to=2026-11-21")]
    [InlineData("?officeHoursId=3")]
    [InlineData("?search=1234567890")]
    [InlineData("?type=postpaid&status=failed")]
    [InlineData("?status=pending&pageSize=1&page=2")]
    public async Task The_csv_export_holds_exactly_the_rows_of_the_filtered_list_newest_first(string query)
    {
        var filters = string.Join('&', query.TrimStart('?').Split('&').Where(p => p.Length > 0 && !p.StartsWith("page", StringComparison.Ordinal)));
        var list = await GetAsync(NightOwner(), "/api/transactions?pageSize=100" + (filters.Length > 0 ? "&" + filters : ""));

        var (response, rows) = await ExportAsync(query);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBeGreaterThan(0, "every filter here selects something");
        rows[0].ShouldBe(["Invoice", "Waktu (WIB)", "Jenis", "Produk", "ID Pelanggan", "Nama Pelanggan", "Periode", "Nominal", "Admin", "Harga", "Modal", "Laba Kotor", "Status",
            "Sengketa", "ID Kasir", "Kasir", "Shift", "Token/SN", "Keterangan"]);
        rows.Skip(1).Select(r => (r[0], r[1], r[4], r[9], r[12], r[14]))
            .ShouldBe(items.Select(i => (i.GetProperty("invoice").GetString()!, i.GetProperty("createdAt").GetDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                i.GetProperty("customerId").GetString()!, i.GetProperty("price").GetInt64().ToString(CultureInfo.InvariantCulture), StatusName(i.GetProperty("status").GetString()!),
                i.GetProperty("cashierId").GetInt32().ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Names_with_commas_quotes_and_line_breaks_are_quoted_and_formulas_are_not_left_live()
    {
        var (response, rows) = await ExportAsync("?cashierId=10");
        var text = await ExportTextAsync("?cashierId=10");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        text.ShouldContain("\"Budi, \"\"Pak\"\" Santoso\"");
        var names = rows.Skip(1).Select(r => r[5]).ToList();
        names.ShouldContain("Budi, \"Pak\" Santoso");
        names.ShouldContain("Siti\nAminah");
        names.ShouldNotContain("=1+2");
        names.ShouldContain(n => n.EndsWith("=1+2", StringComparison.Ordinal), "the formula is kept as text, escaped");
        var sold = rows.Single(r => r[5] == "Ani");
        (sold[2], sold[9], sold[12], sold[16], sold[1]).ShouldBe(("Token Listrik", "200500", "Berhasil", "Shift Malam", "2026-11-21 01:20:00"));
    }

    [Fact]
    public async Task The_export_is_a_download_named_after_the_wib_time_of_the_export()
    {
        var (response, _) = await ExportAsync("");

        response.Content.Headers.ContentDisposition!.ToString().ShouldBe("attachment; filename=\"transaksi-20261121-0130.csv\"");
    }

    [Fact]
    public async Task The_export_is_the_owners_alone()
    {
        using var cashier = await NightCashier(CashierId, 3).GetAsync("/api/transactions/export.csv");
        using var nobody = Factory.CreateClient();
        using var anonymous = await nobody.GetAsync("/api/transactions/export.csv");

        (cashier.StatusCode, anonymous.StatusCode).ShouldBe((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("?type=pulsa", "type")]
    [InlineData("?status=done", "status")]
    [InlineData("?from=2026-11-22&to=2026-11-21", "to")]
    [InlineData("?officeHoursId=99", "officeHoursId")]
    public async Task Bad_export_filters_are_400_problems_like_the_lists(string query, string field)
    {
        using var response = await NightOwner().GetAsync("/api/transactions/export.csv" + query);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        Code(problem).ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task My_shift_counts_the_cashiers_own_sales_of_the_night_shift_since_it_started_before_midnight()
    {
        var totals = await GetAsync(NightCashier(CashierId, 3), "/api/transactions/my-shift");

        (totals.GetProperty("officeHoursId").GetInt32(), totals.GetProperty("shiftName").GetString()).ShouldBe((3, "Shift Malam"));
        totals.GetProperty("windowStart").GetDateTimeOffset().ShouldBe(At(20, 22, 0));
        totals.GetProperty("windowEnd").GetDateTimeOffset().ShouldBe(At(21, 6, 0));
        Totals(totals, "success").ShouldBe((2, 20_500L + 200_500));
        Totals(totals, "pending").ShouldBe((1, 100_500L));
        Totals(totals, "failed").ShouldBe((1, 302_500L));
    }

    [Fact]
    public async Task My_shift_of_another_cashier_in_the_same_night_holds_only_their_sales()
    {
        var totals = await GetAsync(NightCashier(OtherCashierId, 3), "/api/transactions/my-shift");

        Totals(totals, "success").ShouldBe((1, 1_000_500L));
        Totals(totals, "pending").ShouldBe((1, 698_000L));
        Totals(totals, "failed").ShouldBe((0, 0L));
    }

    [Fact]
    public async Task My_shift_in_a_day_shift_starts_at_its_opening_today()
    {
        Factory.Clock.Set(At(21, 10, 0));
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 50_500, At(21, 7, 59), "12345678901", "Before opening");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 20_500, At(21, 8, 0), "12345678901", "At opening");
        var cashier = Client(TestTokens.Cashier(CashierId, 1, expires: At(21, 11, 0)));

        var totals = await GetAsync(cashier, "/api/transactions/my-shift");

        totals.GetProperty("windowStart").GetDateTimeOffset().ShouldBe(At(21, 8, 0));
        Totals(totals, "success").ShouldBe((1, 20_500L));
        Totals(totals, "pending").ShouldBe((0, 0L));
    }

    [Fact]
    public async Task My_shift_follows_the_shift_the_access_copy_holds_over_the_one_in_the_token()
    {
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var announced = await sidecar.PostAsJsonAsync("/events/staff-access-changed", new
        {
            id = Guid.NewGuid(), occurredAt = Night, userId = CashierId, active = true, tokensRevokedBefore = (DateTimeOffset?)null, version = 1,
            officeHoursId = AllDayShiftId,
        });
        (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");

        var totals = await GetAsync(NightCashier(CashierId, 3), "/api/transactions/my-shift");

        (totals.GetProperty("officeHoursId").GetInt32(), totals.GetProperty("windowStart").GetDateTimeOffset()).ShouldBe((AllDayShiftId, At(21, 0, 0)));
        Totals(totals, "success").ShouldBe((1, 200_500L));
        Totals(totals, "pending").ShouldBe((0, 0L));
        Totals(totals, "failed").ShouldBe((1, 302_500L));
    }

    [Fact]
    public async Task My_shift_is_for_cashiers()
    {
        using var owner = await NightOwner().GetAsync("/api/transactions/my-shift");

        owner.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private HttpClient NightOwner() => Client(TestTokens.Owner(expires: Night.AddHours(1)));

    private HttpClient NightCashier(int id, int shift) => Client(TestTokens.Cashier(id, shift, expires: Night.AddHours(1)));

    private HttpClient Client(string token)
    {
        var client = Factory.CreateClient().As(token);
        _clients.Add(client);
        return client;
    }

    private static (int Count, long Amount) Totals(JsonElement totals, string status) =>
        (totals.GetProperty(status).GetProperty("count").GetInt32(), totals.GetProperty(status).GetProperty("amount").GetInt64());

    private static string StatusName(string status) => status switch
    {
        "inquiry" => "Cek tagihan",
        "pending" => "Diproses",
        "success" => "Berhasil",
        "failed" => "Gagal",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private async Task<(HttpResponseMessage Response, List<string[]> Rows)> ExportAsync(string query)
    {
        var response = await NightOwner().GetAsync("/api/transactions/export.csv" + query);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return (response, Rfc4180.Parse(text));
    }

    private async Task<string> ExportTextAsync(string query)
    {
        using var response = await NightOwner().GetAsync("/api/transactions/export.csv" + query);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task SeedAsync(int cashierId, TransactionType type, TransactionStatus status, long price, DateTimeOffset at, string customerId,
        string customerName, string? period = null)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var invoice = Invoices.New(at);
        var (date, minute) = JakartaClock.Bucket(at);
        var transaction = new Transaction
        {
            Invoice = invoice, RefId = invoice, Type = type, ProductCode = type == TransactionType.Prepaid ? "hpln20000" : "PLNPOSTPAID",
            CustomerId = customerId, CustomerName = customerName, Period = period, Price = price, CashierId = cashierId, CashierName = $"Kasir {cashierId}",
            OfficeHoursId = 3, CreatedAt = at.UtcDateTime, UpdatedAt = at.UtcDateTime, LocalDate = date, LocalMinuteOfDay = minute,
        };
        transaction.StartAs(status);
        db.Transactions.Add(transaction);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Wib);

    /// <summary>A reader of RFC 4180 written here, so the export's quoting is checked by something other than the library that wrote it.</summary>
    private static class Rfc4180
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
                else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    i++;
                }
                else field.Append(c);
            }

            quoted.ShouldBeFalse("every quoted field is closed");
            if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
            rows.ShouldAllBe(r => r.Length == 19, "every record has every column");
            return rows;
        }
    }
}
