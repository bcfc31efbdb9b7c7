using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.Contracts.Events;
using TokenPln.Web.Live;
using TokenPln.Web.Owner.Live;

namespace TokenPln.Web.Tests.Owner;

public class LiveUpdatesTests
{
    private static readonly TransactionStatusChangedIntegrationEvent Settled =
        new("INV-0000000000000001", "prepaid", "pending", "success", 20_500, 5, 1, "callback");

    [Fact]
    public async Task A_burst_of_signals_while_waiting_is_one_reload()
    {
        var gate = new TaskCompletionSource();
        var reloads = 0;
        using var debouncer = new Debouncer(_ => gate.Task, () =>
        {
            reloads++;
            return Task.CompletedTask;
        });

        debouncer.Signal();
        debouncer.Signal();
        debouncer.Signal();
        reloads.ShouldBe(0);
        gate.SetResult();
        await debouncer.Idle;

        reloads.ShouldBe(1);
    }

    [Fact]
    public async Task Signals_during_a_reload_fold_into_exactly_one_more()
    {
        var reloadStarted = new TaskCompletionSource();
        var finishReload = new TaskCompletionSource();
        var reloads = 0;
        using var debouncer = new Debouncer(_ => Task.CompletedTask, async () =>
        {
            reloads++;
            if (reloads == 1)
            {
                reloadStarted.SetResult();
                await finishReload.Task;
            }
        });

        debouncer.Signal();
        await reloadStarted.Task;
        debouncer.Signal();
        debouncer.Signal();
        finishReload.SetResult();
        await debouncer.Idle;

        reloads.ShouldBe(2);
    }

    [Fact]
    public async Task After_a_failed_reload_the_next_signal_reloads_again()
    {
        var reloads = 0;
        using var debouncer = new Debouncer(_ => Task.CompletedTask, () =>
        {
            reloads++;
            return reloads == 1 ? Task.FromException(new InvalidOperationException("transaction-service down")) : Task.CompletedTask;
        });

        debouncer.Signal();
        await Should.ThrowAsync<InvalidOperationException>(() => debouncer.Idle);
        debouncer.Signal();
        await debouncer.Idle;

        reloads.ShouldBe(2);
    }

    [Fact]
    public async Task A_disposed_debouncer_stops_waiting_and_never_reloads()
    {
        var reloads = 0;
        var debouncer = new Debouncer(ct => Task.Delay(Timeout.InfiniteTimeSpan, ct), () =>
        {
            reloads++;
            return Task.CompletedTask;
        });

        debouncer.Signal();
        debouncer.Dispose();
        await debouncer.Idle;
        debouncer.Signal();

        reloads.ShouldBe(0);
        debouncer.Idle.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task Every_open_page_hears_a_change_until_it_leaves_and_a_broken_one_does_not_stop_the_others()
    {
        var notifier = new TransactionStatusNotifier(NullLogger<TransactionStatusNotifier>.Instance);
        var heard = new List<string>();
        using var broken = notifier.Subscribe(_ => throw new InvalidOperationException("circuit gone"));
        var first = notifier.Subscribe(e =>
        {
            heard.Add("first:" + e.Invoice);
            return Task.CompletedTask;
        });
        using var second = notifier.Subscribe(e =>
        {
            heard.Add("second:" + e.Invoice);
            return Task.CompletedTask;
        });

        await notifier.PublishAsync(Settled);
        first.Dispose();
        first.Dispose();
        await notifier.PublishAsync(Settled with { Invoice = "INV-0000000000000002" });

        heard.ShouldBe(["first:INV-0000000000000001", "second:INV-0000000000000001", "second:INV-0000000000000002"]);
        notifier.ListenerCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_delivered_event_reaches_the_open_pages_and_is_acknowledged()
    {
        var notifier = new TransactionStatusNotifier(NullLogger<TransactionStatusNotifier>.Instance);
        TransactionStatusChangedIntegrationEvent? heard = null;
        using var page = notifier.Subscribe(e =>
        {
            heard = e;
            return Task.CompletedTask;
        });

        var answer = await TransactionStatusEndpoints.Handle(Delivery(
            """{"invoice":"INV-0000000000000001","type":"prepaid","fromStatus":"pending","status":"success","price":20500,"cashierId":5,"officeHoursId":1,"source":"callback","id":"6b1f3c2e-8a53-4f0e-9a0e-3c7d2b1a9f10","occurredAt":"2024-07-10T00:54:00Z"}"""),
            notifier, NullLoggerFactory.Instance);

        answer.Value!.Status.ShouldBe("SUCCESS");
        heard.ShouldNotBeNull();
        heard.Invoice.ShouldBe("INV-0000000000000001");
        heard.Status.ShouldBe("success");
        heard.CashierId.ShouldBe(5);
    }

    [Fact]
    public async Task An_unreadable_event_is_dropped_and_no_page_hears_it()
    {
        var notifier = new TransactionStatusNotifier(NullLogger<TransactionStatusNotifier>.Instance);
        var heard = 0;
        using var page = notifier.Subscribe(_ =>
        {
            heard++;
            return Task.CompletedTask;
        });

        var answer = await TransactionStatusEndpoints.Handle(Delivery("""{"invoice":"INV-0000000000000001"}"""), notifier, NullLoggerFactory.Instance);

        answer.Value!.Status.ShouldBe("DROP");
        heard.ShouldBe(0);
    }

    private static HttpRequest Delivery(string json)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return http.Request;
    }
}
