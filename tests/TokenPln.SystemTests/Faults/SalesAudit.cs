using System.Text.Json;

namespace TokenPln.SystemTests.Faults;

/// <summary>
/// Holds settled sales against the IAK sandbox's books and the events a listener received: the promises of
/// "never sell a token twice, never lose a sale's status", checked one by one.
/// </summary>
internal static class SalesAudit
{
    public static async Task VerifyAsync(RecorderStack stack, IReadOnlyList<JsonElement> sales)
    {
        var ledger = await stack.LedgerAsync();
        var topUps = ledger.GetProperty("topUps").EnumerateArray().ToDictionary(t => t.GetProperty("refId").GetString()!);
        var movements = ledger.GetProperty("movements").EnumerateArray()
            .ToLookup(m => m.GetProperty("reference").GetString()!, m => m.GetProperty("kind").GetString()!);
        var problems = new List<string>();
        foreach (var sale in sales)
        {
            var invoice = sale.GetProperty("invoice").GetString()!;
            var status = sale.GetProperty("status").GetString()!;
            var atIak = topUps.TryGetValue(invoice, out var topUp) ? topUp.GetProperty("status").GetString() : "absent";
            var moved = movements[invoice].ToList();
            var expectedAtIak = status == "success" ? ["success"] : new[] { "failed", "absent" };
            if (!expectedAtIak.Contains(atIak)) problems.Add($"{invoice} is {status} here but {atIak} at IAK");
            if (status == "success" && !moved.SequenceEqual(["debit"])) problems.Add($"{invoice} succeeded with deposit movements [{string.Join(", ", moved)}]");
            if (status == "failed" && moved.Count(k => k == "debit") != moved.Count(k => k == "refund")) problems.Add($"{invoice} failed but the deposit kept [{string.Join(", ", moved)}]");

            var history = sale.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("from").GetString(), h.GetProperty("to").GetString()!)).ToList();
            if (history.Count == 0 || history[0].Item2 != "pending") problems.Add($"{invoice} did not start pending: {Describe(history)}");
            if (history.Any(h => h.Item1 is "success" or "failed")) problems.Add($"{invoice} left a final status: {Describe(history)}");
            if (history[^1].Item2 != status) problems.Add($"{invoice} history ends {history[^1].Item2}, status is {status}");
        }

        problems.ShouldBeEmpty();
    }

    /// <summary>Every status change of every sale reached the listener, exactly once once redeliveries are set aside by event id.</summary>
    public static async Task VerifyEventsAsync(RecorderStack stack, IReadOnlyList<JsonElement> sales)
    {
        var invoices = sales.Select(s => s.GetProperty("invoice").GetString()!).ToHashSet();
        IReadOnlyList<JsonElement> events = [];
        var expected = sales.Sum(s => s.GetProperty("history").GetArrayLength());
        // The outbox publishes after commit, so the last events may trail the last status change by a moment.
        await stack.WaitForAsync(async () =>
        {
            events = [.. (await stack.RecordedEventsAsync()).Where(e => invoices.Contains(e.GetProperty("data").GetProperty("invoice").GetString()!))];
            return events.DistinctBy(e => e.GetProperty("id").GetString()).Count() >= expected ? "all" : null;
        }, $"{expected} status events to reach the listener", TimeSpan.FromSeconds(60));

        var received = events.DistinctBy(e => e.GetProperty("id").GetString())
            .Select(e => e.GetProperty("data"))
            .ToLookup(d => d.GetProperty("invoice").GetString()!, d => $"{d.GetProperty("fromStatus").GetString() ?? "-"}>{d.GetProperty("status").GetString()}");
        foreach (var sale in sales)
        {
            var invoice = sale.GetProperty("invoice").GetString()!;
            var changes = sale.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("from").GetString() ?? "-"}>{h.GetProperty("to").GetString()}");
            received[invoice].Order().ShouldBe(changes.Order(), $"the status events of {invoice}");
        }
    }

    private static string Describe(IEnumerable<(string? From, string To)> history) => string.Join(", ", history.Select(h => $"{h.From ?? "-"}>{h.To}"));
}
