using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.Testing;
using TokenPln.TransactionService.Data;

namespace TokenPln.Bench;

/// <summary>Every figure of bench/RESULTS.md, each measured in this run beside its baseline.</summary>
public static class Benchmarks
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUpStep = TimeSpan.FromSeconds(5);
    private static readonly string SigningKey = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(LocalRunnerStack.RepositoryRoot, "components", "secrets.development.json"))).RootElement.GetProperty("Jwt").GetProperty("SigningKey").GetString()!;

    /// <param name="quick">Dashboard at 10k and 100k transactions only.</param>
    /// <param name="salesOnly">Only the sale benchmarks, for working on the sale path (not written to RESULTS.md).</param>
    /// <param name="providers">Which databases the sale benchmarks use (both unless the command line names one).</param>
    public static async Task<string> RunAllAsync(bool quick, bool salesOnly, bool[] providers)
    {
        var report = new Report();
        report.Machine();
        var sizes = quick ? new[] { 10_000, 100_000 } : [10_000, 100_000, 1_000_000];

        if (salesOnly)
        {
            foreach (var postgres in providers) await SalesAsync(report, postgres);
            return report.ToString();
        }

        var (direct, hop) = await HopAsync(report);
        await ProductListAsync(report, direct);
        foreach (var postgres in new[] { false, true }) await SalesAsync(report, postgres);
        foreach (var postgres in new[] { false, true }) await DashboardAsync(report, postgres, sizes);
        report.Targets(hop);
        return report.ToString();
    }

    private static async Task<(LoadResult Direct, LoadResult Hop)> HopAsync(Report report)
    {
        UseProvider(postgres: false);
        var stack = new BenchStack(["echo"], new Dictionary<string, string>(), "bench/dapr.bench.yaml");
        try
        {
            await stack.InitializeAsync();
            var app = stack.Url("echo", "/ping");
            var sidecar = $"http://127.0.0.1:{stack.Apps["echo"].DaprHttpPort}/v1.0/invoke/echo/method/ping";
            var directOne = await Wrk.RunAsync(app, 1, Duration);
            var hopOne = await Wrk.RunAsync(sidecar, 1, Duration);
            var direct = await Wrk.RunAsync(app, 16, Duration);
            var hop = await Wrk.RunAsync(sidecar, 16, Duration);
            report.Section("1. Sidecar hop: bare Kestrel endpoint, direct and through the local runner's sidecar",
                "Small JSON (`GET /ping`), 10 s per run. One connection shows the added latency; sixteen show throughput.");
            report.LoadTable([("direct, 1 connection", directOne), ("via sidecar, 1 connection", hopOne), ("direct, 16 connections", direct),
                ("via sidecar, 16 connections", hop)]);
            report.Line($"Added latency of the hop (1 connection): **{hopOne.P50Ms - directOne.P50Ms:0.000} ms at p50**, " +
                        $"**{hopOne.P99Ms - directOne.P99Ms:0.000} ms at p99**. Throughput through the sidecar: " +
                        $"**{hop.RequestsPerSecond / direct.RequestsPerSecond:P0}** of direct (16 connections).");
            return (direct, hopOne with { P50Ms = hopOne.P50Ms - directOne.P50Ms, P99Ms = hopOne.P99Ms - directOne.P99Ms });
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task ProductListAsync(Report report, LoadResult baseline)
    {
        UseProvider(postgres: false);
        var stack = new BenchStack(["master-service", "iak-sandbox"], new Dictionary<string, string>());
        try
        {
            await stack.InitializeAsync();
            await OpenBenchShiftAsync(stack);
            var token = TestTokens.Create(1, "Kasir Bench", Roles.Cashier, BenchShiftId, DateTimeOffset.UtcNow.AddHours(2), SigningKey);
            await WaitUntilAcceptedAsync(stack.Url("master-service", "/api/products/prepaid"), token);

            var products = await Wrk.RunAsync(stack.Url("master-service", "/api/products/prepaid"), 16, Duration, null, $"Authorization: Bearer {token}");
            report.Section("2. Cached product list through master-service",
                "`GET /api/products/prepaid` with a cashier's JWT (validated on every request), price list from the cache; 16 connections, 10 s.");
            report.LoadTable([("bare endpoint (baseline)", baseline), ("product list", products)]);
            report.Line($"Product list throughput: **{products.RequestsPerSecond / baseline.RequestsPerSecond:P0}** of the bare endpoint.");
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task SalesAsync(Report report, bool postgres)
    {
        UseProvider(postgres);
        var stack = new BenchStack([], new Dictionary<string, string>
        {
            // Every sale is final at once (IAK in instant mode); the poller has nothing to do.
            ["Sandbox__Instant"] = "true",
            ["Sandbox__InitialBalance"] = "1000000000000",
            ["Sandbox__AutoCallback"] = "false",
            // wrk drives each cashier far beyond a counter's pace; the per-cashier purchase limit would measure itself.
            ["RateLimits__PurchasesPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__TokenPln.Database"] = "Information",
        });
        var scripts = Directory.CreateTempSubdirectory("tokenpln-bench-wrk").FullName;
        try
        {
            await stack.InitializeAsync();
            await OpenBenchShiftAsync(stack);
            var tokens = Enumerable.Range(1000, 128)
                .Select(id => TestTokens.Create(id, $"Kasir {id}", Roles.Cashier, BenchShiftId, DateTimeOffset.UtcNow.AddHours(2), SigningKey)).ToList();
            // The shift reaches transaction-service's copy by event; a cashier's own totals answer once it is there.
            await WaitUntilAcceptedAsync(stack.Url("transaction-service", "/api/transactions/my-shift"), tokens[0]);
            // A sale needs its cashier's open drawer.
            await OpenDrawersAsync(stack.Url("transaction-service", "/api/drawers"), tokens);
            // A script per wrk run: its keys carry the script's own id, and a second run of one script would repeat the first
            // run's keys and be answered as replays (an earlier version of this benchmark measured mostly replays that way).
            string Script() => SaleScript(scripts, tokens);
            var provider = postgres ? "PostgreSQL" : "SQLite";
            var rows = new List<(string, LoadResult)>();
            // Warm-up, not reported, until the runtime has finished recompiling the hot paths (tiered compilation). perf showed
            // the JIT taking a fifth of transaction-service's CPU 20 s into the load, so runs right after a short warm-up measured
            // the start-up, not the sale.
            var warm = await WarmUpAsync(stack, () => Wrk.RunAsync(stack.Url("transaction-service", "/api/transactions/prepaid"), 16, WarmUpStep, Script()));
            // BENCH_HOLD=<file>: the warmed-up stack is held for a profiler (perf, dotnet-trace) until the file is deleted;
            // the stack's output is then written to <file>.log.
            if (Environment.GetEnvironmentVariable("BENCH_HOLD") is { Length: > 0 } hold)
            {
                await File.WriteAllTextAsync(hold, $"{stack.Url("transaction-service", "/api/transactions/prepaid")} {Script()} {stack.Apps["transaction-service"].Pid}\n");
                while (File.Exists(hold)) await Task.Delay(500);
                await File.WriteAllTextAsync(hold + ".log", stack.Output);
            }

            // CPU per sale at each level: at one cashier a process also pays for waking and idling between sales (thread-pool
            // spinning, timers), which many cashiers share; the saturated level is the sale's own cost.
            var cpuPerSale = new List<List<(string Name, double Ms)>>();
            foreach (var cashiers in new[] { 1, 16, 128 })
            {
                var cpuBefore = stack.Processes().ToDictionary(p => p.Name, p => stack.CpuTime(p.Pid));
                var result = await Wrk.RunAsync(stack.Url("transaction-service", "/api/transactions/prepaid"), cashiers, Duration, Script());
                rows.Add(($"{cashiers} cashier(s)", result));
                cpuPerSale.Add(stack.Processes().Select(p => (p.Name, (stack.CpuTime(p.Pid) - cpuBefore[p.Name]).TotalMilliseconds / result.Requests)).ToList());
            }

            report.Section($"3. Prepaid sale end to end on {provider}",
                "`POST /api/transactions/prepaid` with a fresh Idempotency-Key per request and one of 128 cashier JWTs: JWT check, " +
                "sale stored pending with its audit row, event and rollups, IAK top-up through the sidecar to the sandbox in instant mode, " +
                "success stored with its audit row, event and rollups. 10 s per level, after a warm-up at 16 cashiers that is not reported " +
                $"and lasts until the runtime's tiered compiler is idle ({warm.TotalSeconds:0} s here).");
            report.LoadTable(rows);
            var saturated = cpuPerSale[^1];
            report.Sales[provider] = new SaleFigures(rows[0].Item2, rows[1].Item2, rows[2].Item2,
                saturated.Single(c => c.Name == "transaction-service").Ms, saturated.Sum(c => c.Ms));
            report.Line("");
            report.Line("Where the time goes: CPU per sale by process at each level (the rest of the 2 cores is wrk's and PostgreSQL's):");
            report.Line("");
            report.Line("| process | 1 cashier | 16 cashiers | 128 cashiers |");
            report.Line("|---|---:|---:|---:|");
            foreach (var (name, _) in saturated.OrderByDescending(c => c.Ms))
            {
                report.Line($"| {name} | {string.Join(" | ", cpuPerSale.Select(level => $"{level.Single(c => c.Name == name).Ms:0.00}"))} |");
            }

            report.Line($"| every process | {string.Join(" | ", cpuPerSale.Select(level => $"{level.Sum(c => c.Ms):0.00}"))} |");

            // Profiled after the measured runs, so the sampling's own cost is in none of the figures above.
            var profileLoad = TimeSpan.FromSeconds(8);
            var frames = await SaleProfile.CollectAsync(stack.Apps["transaction-service"].Pid!.Value, profileLoad,
                () => Wrk.RunAsync(stack.Url("transaction-service", "/api/transactions/prepaid"), 16, profileLoad - TimeSpan.FromSeconds(1), Script()));
            report.Line("");
            report.Line($"transaction-service's profile at 16 cashiers (`dotnet-trace` thread-time sampling, {profileLoad.TotalSeconds:0} s; " +
                        "every thread is sampled, idle pool threads left out, so a frame's share includes time its thread waited there), top frames by exclusive and by inclusive time:");
            report.Line("");
            report.Line("<details><summary>profile</summary>");
            report.Line("");
            report.Line("    exclusive");
            foreach (var frame in frames.Exclusive) report.Line($"    {frame}");
            report.Line("    inclusive");
            foreach (var frame in frames.Inclusive) report.Line($"    {frame}");
            report.Line("");
            report.Line("</details>");
            report.Section($"5. Peak memory under the sale load ({provider})", "Resident set high-water mark (VmHWM) after the runs above.");
            report.Line("| process | peak MiB |");
            report.Line("|---|---:|");
            foreach (var app in stack.Apps.Keys.Order())
            {
                report.Line($"| {app} | {stack.PeakMemoryMiB(app):0} |");
            }
        }
        finally
        {
            await stack.DisposeAsync();
            Directory.Delete(scripts, recursive: true);
        }
    }

    private static async Task DashboardAsync(Report report, bool postgres, int[] sizes)
    {
        var provider = postgres ? "PostgreSQL" : "SQLite";
        report.Section($"4. Owner dashboard and transaction list on {provider}",
            "History seeded by `Seeder` (90 WIB days, 10 cashiers on 3 shifts, 7 products, mixed statuses); one request at a time, " +
            "100 timed after 10 warm-up, p50/p95 in ms measured at the client.");
        var owner = TestTokens.Create(1, "Pemilik", Roles.Owner, null, DateTimeOffset.UtcNow.AddHours(4), SigningKey);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Contracts.Shifts.ShiftWindow.Jakarta).DateTime);
        var filters = new (string Label, string Query)[]
        {
            ("no filter", ""),
            ("last 7 days", $"from={today.AddDays(-6):yyyy-MM-dd}&to={today:yyyy-MM-dd}"),
            ("one cashier", "cashierId=3"),
            ("prepaid, success", "type=prepaid&status=success"),
            ("one shift (hours)", "officeHoursId=1"),
            ("one cashier, 30 days", $"cashierId=3&from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}"),
        };
        var measured = new Dictionary<(int Size, string Label, string Route), LatencyResult>();
        foreach (var size in sizes)
        {
            var (settings, options, connectionString, cleanup) = Database(postgres);
            var seeded = System.Diagnostics.Stopwatch.StartNew();
            await Seeder.SeedAsync(options, postgres, connectionString, size);
            report.Line($"- {size:N0} transactions seeded in {seeded.Elapsed.TotalSeconds:0.0} s");
            UseProvider(postgres);
            var stack = new BenchStack(["transaction-service"], settings, freshDatabases: false, acceptDegraded: true);
            try
            {
                await stack.InitializeAsync();
                using var client = new HttpClient { BaseAddress = new Uri(stack.Url("transaction-service", "/")) };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner);
                foreach (var (label, query) in filters)
                {
                    measured[(size, label, "dashboard")] = await LatencyProbe.MeasureAsync(client, label, "api/dashboard?" + query, requests: 100, warmup: 10);
                    measured[(size, label, "list")] = await LatencyProbe.MeasureAsync(client, label, "api/transactions?pageSize=20&" + query, requests: 100, warmup: 10);
                }
            }
            finally
            {
                await stack.DisposeAsync();
                cleanup();
            }
        }

        foreach (var route in new[] { "dashboard", "list" })
        {
            report.Line("");
            report.Line($"`GET /api/{(route == "list" ? "transactions" : route)}`, p50 / p95 ms:");
            report.Line("");
            report.Line("| filter | " + string.Join(" | ", sizes.Select(s => $"{s:N0}")) + $" | p95 {sizes.Last():N0} / {sizes.First():N0} |");
            report.Line("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
            foreach (var (label, _) in filters)
            {
                var cells = sizes.Select(s => measured[(s, label, route)]).Select(r => $"{r.P50Ms:0.0} / {r.P95Ms:0.0}");
                var ratio = measured[(sizes.Last(), label, route)].P95Ms / measured[(sizes.First(), label, route)].P95Ms;
                report.Line($"| {label} | {string.Join(" | ", cells)} | {ratio:0.00} |");
                if (route == "dashboard") report.Dashboard.Add((provider, label, measured[(sizes.Last(), label, route)].P95Ms, ratio));
            }
        }
    }

    private static (Dictionary<string, string> Settings, DbContextOptions<TransactionDbContext> Options, string ConnectionString, Action Cleanup)
        Database(bool postgres)
    {
        if (postgres)
        {
            var connectionString = TestDatabase.CreatePostgresDatabase();
            return (new Dictionary<string, string>
                {
                    ["Database__Provider"] = "Postgres",
                    ["ConnectionStrings__transaction-service"] = connectionString,
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["Logging__LogLevel__TokenPln.Database"] = "Information",
                },
                new DbContextOptionsBuilder<TransactionDbContext>().UseNpgsql(connectionString).Options, connectionString, () => { });
        }

        var directory = Directory.CreateTempSubdirectory("tokenpln-bench").FullName;
        var sqlite = $"Data Source={Path.Combine(directory, "transaction-service.db")}";
        return (new Dictionary<string, string> { ["Database__DataDirectory"] = directory, ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__TokenPln.Database"] = "Information" },
            new DbContextOptionsBuilder<TransactionDbContext>().UseSqlite(sqlite).Options, sqlite, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            });
    }

    /// <summary>The bench's cashiers work the first default shift, opened around the moment of the run.</summary>
    private const int BenchShiftId = 1;

    /// <summary>
    /// A cashier's token is accepted only inside an active shift (WIB), and the default shifts cover the day in three parts
    /// of which only the first is active: the owner moves it around now, so that the bench runs at any hour.
    /// </summary>
    private static async Task OpenBenchShiftAsync(BenchStack stack)
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TokenPln.Contracts.Shifts.ShiftWindow.Jakarta);
        var owner = TestTokens.Create(1, "Pemilik", Roles.Owner, null, DateTimeOffset.UtcNow.AddHours(1), SigningKey);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner);
        var shift = JsonSerializer.Serialize(new { startAt = now.AddHours(-1).ToString("HH:mm"), endAt = now.AddHours(3).ToString("HH:mm"), active = true });
        using var response = await client.PatchAsync(stack.Url("master-service", $"/api/office-hours/{BenchShiftId}"),
            new StringContent(shift, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Opens each bench cashier's cash drawer (no opening cash): transaction-service refuses a sale without one.</summary>
    private static async Task OpenDrawersAsync(string url, IReadOnlyList<string> tokens)
    {
        using var client = new HttpClient();
        foreach (var token in tokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { openingCash = 0 }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url} refused to open a bench cashier's drawer: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>Waits (a minute at most) until the service lets the cashier in: the shift has reached its copy.</summary>
    private static async Task WaitUntilAcceptedAsync(string url, string token)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{url} still refuses the bench's cashier: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs <paramref name="load"/> in steps until every app's tiered-compilation thread used under 2 % of a step's time, or a
    /// minute has passed; the time it took.
    /// </summary>
    private static async Task<TimeSpan> WarmUpAsync(BenchStack stack, Func<Task> load)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromMinutes(1))
        {
            var before = stack.Processes().Sum(p => BenchStack.ThreadCpuTime(p.Pid, ".NET Tiered Com").TotalMilliseconds);
            await load();
            var jit = stack.Processes().Sum(p => BenchStack.ThreadCpuTime(p.Pid, ".NET Tiered Com").TotalMilliseconds) - before;
            if (jit < WarmUpStep.TotalMilliseconds * 0.02) break;
        }

        return started.Elapsed;
    }

    private static void UseProvider(bool postgres) =>
        Environment.SetEnvironmentVariable("TOKENPLN_TEST_DATABASE", postgres ? "postgres" : null);

    private static string SaleScript(string directory, IReadOnlyList<string> tokens)
    {
        var path = Path.Combine(directory, $"sale-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, $$"""
            -- Each request: a fresh Idempotency-Key and one of 128 cashiers' tokens. The keys carry this script's own run id:
            -- wrk never seeds math.random, so a key made of the counter and a random number would repeat in the next run
            -- against the same stack and be answered as a replay of an earlier sale instead of a sale.
            local tokens = { {{string.Join(", ", tokens.Select(t => $"\"{t}\""))}} }
            -- "id" is set per thread by setup(); it lives in each thread's globals.
            local counter = 0
            local thread_count = 0
            function setup(thread)
              thread:set("id", thread_count)
              thread_count = thread_count + 1
            end
            function request()
              counter = counter + 1
              local token = tokens[((counter * 7 + id * 13) % #tokens) + 1]
              local headers = {}
              headers["Content-Type"] = "application/json"
              headers["Authorization"] = "Bearer " .. token
              headers["Idempotency-Key"] = "bench-{{Guid.NewGuid():N}}-" .. id .. "-" .. counter
              return wrk.format("POST", nil, headers, '{"customerId":"12345678901","productCode":"hpln20000","cashReceived":50000}')
            end
            """);
        return path;
    }
}
