using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.EndToEndTests;

/// <summary>
/// The whole system as the README starts it (the local runner on free ports, the web app included) and one headless
/// Debian chromium, shared by every test of the <see cref="WebCollection"/>. Before the first test the owner has opened
/// a shift around now for one cashier and a closed one for another, through the services' API, so that each test only
/// does what it is about in the browser.
/// </summary>
public sealed class WebStack : LocalRunnerStack
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string WebAppId = "web-app";
    public const string OwnerEmail = "owner@tokenpln.local";
    public const string OwnerPassword = "Owner#12345";
    public const string CashierEmail = "kasir.e2e@tokenpln.local";
    public const string LateCashierEmail = "kasir.malam.e2e@tokenpln.local";
    public const string CashierPassword = "Kasir#2026";
    public const string CashierName = "Kasir Uji Layar";

    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
    private IPlaywright? _playwright;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // One cashier makes every sale of these tests, faster than any counter.
        ["RateLimits__PurchasesPerMinute"] = "1000",
    };

    // Five apps (the web app too) start at once, each compiling its Razor and EF models on first use; on two shared
    // cores that has been seen to take longer than the 90 s the API-only stacks get.
    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(240);

    protected override bool IncludesWebApp => true;

    public IBrowser Browser { get; private set; } = null!;
    public string OwnerToken { get; private set; } = "";
    public int CashierId { get; private set; }
    public Uri WebAddress => Apps.TryGetValue(WebAppId, out var web)
        ? new($"http://127.0.0.1:{web.AppPort}/")
        : throw new InvalidOperationException($"dapr.yaml starts no app '{WebAppId}'; the runner started {string.Join(", ", Apps.Keys)}.");

    /// <summary>
    /// Where the run leaves its screenshots: the README's own (docs/screenshots) when TOKENPLN_UPDATE_SCREENSHOTS=1, so an
    /// ordinary run (CI) never leaves the checkout modified; otherwise beside the test output.
    /// </summary>
    public static string ScreenshotDirectory => Environment.GetEnvironmentVariable("TOKENPLN_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryRoot, "docs", "screenshots")
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async Task InitializeAsync()
    {
        // Checked before anything starts: Playwright cannot download its own browsers here, and a missing executable
        // would otherwise surface as a launch error long after the whole stack came up.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The end-to-end tests drive Debian's chromium at {ChromiumPath}, which is missing: install it with `apt-get install -y chromium` (.ci/run does).");
        }

        await base.InitializeAsync();
        await SetUpStaffAsync();
        // IAK's sandbox answers at once, so a sale shows its token without a status check.
        using (var sidecar = SidecarOf("transaction-service"))
        using (var settings = await sidecar.PatchAsJsonAsync("v1.0/invoke/iak-sandbox/method/sandbox/settings", new { instant = true, outage = false }))
        {
            settings.EnsureSuccessStatusCode();
        }

        // A first sale compiles and warms up four apps behind the page; Playwright's 5 s for an expectation is too short for that.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A fresh browser session (no cookies) the size of the counter's tablet, in WIB and Indonesian.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = WebAddress.ToString(),
            ViewportSize = new() { Width = 1024, Height = 768 },
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        // The stack is shared by two cores with the build; the defaults (30 s) are kept, but never less.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves what the page shows, at 1024x768, as docs/screenshots/<paramref name="name"/>.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });
    }

    /// <summary>The owner's view of the cashier's sales, through transaction-service's API: how many there are.</summary>
    public async Task<int> CountSalesAsync(int cashierId, string type = "prepaid")
    {
        using var transactions = AppClient("transaction-service");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/transactions?type={type}&cashierId={cashierId}&pageSize=100");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
        using var response = await transactions.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32();
    }

    public HttpClient AppClient(string appId) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{Apps[appId].AppPort}/"), Timeout = TimeSpan.FromSeconds(60) };

    private async Task SetUpStaffAsync()
    {
        using var users = AppClient("user-service");
        using var master = AppClient("master-service");
        OwnerToken = await LoginAsync(users, OwnerEmail, OwnerPassword) ?? throw new InvalidOperationException("The owner could not log in.");

        // The stack runs on the wall clock, so "now" is the machine's, read in WIB; both windows may cross midnight.
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta);
        await SendAsync(master, HttpMethod.Patch, "/api/office-hours/3",
            new { startAt = now.AddHours(-1).ToString("HH:mm"), endAt = now.AddHours(3).ToString("HH:mm"), active = true });
        await SendAsync(master, HttpMethod.Patch, "/api/office-hours/2",
            new { startAt = now.AddHours(6).ToString("HH:mm"), endAt = now.AddHours(8).ToString("HH:mm"), active = true });
        var cashier = await SendAsync(users, HttpMethod.Post, "/api/users",
            new { employeeNumber = "E2E-001", name = CashierName, email = CashierEmail, password = CashierPassword, officeHoursId = 3 });
        CashierId = cashier.GetProperty("id").GetInt32();
        await SendAsync(users, HttpMethod.Post, "/api/users",
            new { employeeNumber = "E2E-002", name = "Kasir Malam Uji", email = LateCashierEmail, password = CashierPassword, officeHoursId = 2 });

        // The shifts reach user-service by event: wait until one cashier is let in and the other is refused for the hour,
        // not still for the shift having been inactive.
        await WaitForAsync(() => LoginAsync(users, CashierEmail, CashierPassword), "the cashier's shift to reach user-service");
        await WaitForAsync(async () =>
        {
            using var response = await users.PostAsJsonAsync("/api/auth/login", new { email = LateCashierEmail, password = CashierPassword });
            var body = await response.Content.ReadAsStringAsync();
            return body.Contains("\"outside_shift\"", StringComparison.Ordinal) ? body : null;
        }, "the late cashier's shift to reach user-service");
    }

    private async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string?> LoginAsync(HttpClient users, string email, string password)
    {
        using var response = await users.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString() : null;
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>One stack and one browser for every end-to-end test; the tests of a collection run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebStack>
{
    public const string Name = "web";
}
