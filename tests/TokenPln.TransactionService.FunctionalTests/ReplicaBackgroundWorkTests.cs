using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TokenPln.Contracts.Events;
using TokenPln.ServiceDefaults.Leases;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Reconciliation;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>
/// Two instances of transaction-service on one database, as replicas run: the outbox is published once, and the jobs that ask
/// IAK (status checks, the balance, the daily reconciliation) run on the lease holder only, until it stops or its lease runs out.
/// </summary>
public sealed class ReplicaBackgroundWorkTests() : SalesTestBase(new Dictionary<string, string>
{
    // The background rounds run at start-up only: a test decides when each instance polls.
    ["StatusChecks:PollInterval"] = "01:00:00",
    ["Reconciliation:Daily:LeaseDuration"] = "01:00:00",
})
{
    [Fact]
    public async Task Two_instances_dispatching_one_outbox_at_once_publish_each_row_exactly_once()
    {
        using var replica = Factory.CreateReplica();
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var ids = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
            db.OutboxMessages.AddRange(ids.Select((id, i) => new OutboxMessage
            {
                Id = id, Topic = "replica-test", Payload = "{}", OccurredAt = now.AddMilliseconds(i),
            }));
            await db.SaveChangesAsync();
        }

        // Both background dispatchers run as well: four dispatch loops over the same rows.
        await Task.WhenAll(DrainOutboxAsync(Factory), DrainOutboxAsync(replica), DrainOutboxAsync(Factory), DrainOutboxAsync(replica));

        var published = Factory.Events.Published.Concat(replica.Events.Published).Where(e => e.Topic == "replica-test").Select(e => e.EventId).ToList();
        published.Count.ShouldBe(ids.Count, "each row by one instance, once");
        published.ShouldBe(ids, ignoreOrder: true);
        (await UnpublishedAsync(Factory)).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_lease_holder_requests_status_checks_and_another_instance_takes_over_when_the_lease_runs_out()
    {
        var invoice = (await SoldAsync(Cashier, "replica-poll")).GetProperty("invoice").GetString()!;
        (await PollerOf(Factory).PollOnceAsync(CancellationToken.None)).ShouldBe(0, "not due yet; the first instance holds the lease");
        using var replica = Factory.CreateReplica();
        var replicaPoller = PollerOf(replica);

        Factory.Clock.Advance(TimeSpan.FromSeconds(6));
        replica.Clock.Advance(TimeSpan.FromSeconds(6));
        var byReplicaWhileHeld = await replicaPoller.PollOnceAsync(CancellationToken.None);
        var byHolder = await PollerOf(Factory).PollOnceAsync(CancellationToken.None);

        (byReplicaWhileHeld, byHolder).ShouldBe((0, 1));
        CheckRequests(replica, invoice).ShouldBe(0);
        CheckRequests(Factory, invoice).ShouldBe(1);

        // The holder stops renewing (hung or killed): past its 30 s lease, the replica takes over and asks for the next check.
        replica.Clock.Advance(TimeSpan.FromSeconds(31));
        var byReplicaAfterExpiry = await replicaPoller.PollOnceAsync(CancellationToken.None);
        Factory.Clock.Advance(TimeSpan.FromSeconds(31));
        var byFormerHolder = await PollerOf(Factory).PollOnceAsync(CancellationToken.None);

        (byReplicaAfterExpiry, byFormerHolder).ShouldBe((1, 0));
        CheckRequests(replica, invoice).ShouldBe(1);
        CheckRequests(Factory, invoice).ShouldBe(1);
        (await LeaseHolderAsync(StatusCheckPoller.LeaseName)).ShouldBe(replica.InstanceId);
    }

    [Fact]
    public async Task An_instance_that_stops_hands_the_poller_lease_over_at_once()
    {
        var invoice = (await SoldAsync(Cashier, "replica-stop")).GetProperty("invoice").GetString()!;
        await PollerOf(Factory).PollOnceAsync(CancellationToken.None);
        using var replica = Factory.CreateReplica();
        var replicaPoller = PollerOf(replica);
        replica.Clock.Advance(TimeSpan.FromSeconds(31));
        (await replicaPoller.PollOnceAsync(CancellationToken.None)).ShouldBe(1, "the first instance's lease ran out on the replica's clock");
        (await LeaseHolderAsync(StatusCheckPoller.LeaseName)).ShouldBe(replica.InstanceId);

        // Due again on the first instance's clock (10 s after the replica's request), while the replica's lease still runs.
        Factory.Clock.Advance(TimeSpan.FromSeconds(45));
        var whileReplicaRuns = await PollerOf(Factory).PollOnceAsync(CancellationToken.None);
        await replica.DisposeAsync();
        var afterReplicaStopped = await PollerOf(Factory).PollOnceAsync(CancellationToken.None);

        (whileReplicaRuns, afterReplicaStopped).ShouldBe((0, 1));
        CheckRequests(Factory, invoice).ShouldBe(1);
        (await LeaseHolderAsync(StatusCheckPoller.LeaseName)).ShouldBe(Factory.InstanceId);
    }

    [Fact]
    public async Task Only_the_lease_holder_reads_the_iak_balance_until_its_lease_runs_out()
    {
        (await DepositPollerOf(Factory).CheckOnceAsync(CancellationToken.None)).ShouldBeTrue();
        using var replica = Factory.CreateReplica();

        var whileHeld = await DepositPollerOf(replica).CheckOnceAsync(CancellationToken.None);
        var replicaCallsWhileHeld = replica.Iak.Calls.GetValueOrDefault(nameof(FakeIak.CheckBalanceAsync));
        // 15 minutes and a minute: the holder missed its tick.
        replica.Clock.Advance(TimeSpan.FromMinutes(17));
        var afterExpiry = await DepositPollerOf(replica).CheckOnceAsync(CancellationToken.None);

        (whileHeld, replicaCallsWhileHeld, afterExpiry).ShouldBe((false, 0, true), "the replica's own start-up check was refused too");
        replica.Iak.Calls.GetValueOrDefault(nameof(FakeIak.CheckBalanceAsync)).ShouldBe(1);
        (await LeaseHolderAsync(DepositCheckPoller.LeaseName)).ShouldBe(replica.InstanceId);
    }

    [Fact]
    public async Task Only_the_lease_holder_looks_for_days_to_reconcile()
    {
        Factory.Clock.SetJakarta(2026, 11, 30, 0, 25);
        (await Factory.Services.GetRequiredService<ReconciliationSchedule>().RunDueAsync(CancellationToken.None)).Count.ShouldBe(3, "the catch-up days");
        using var replica = Factory.CreateReplica();

        Factory.Clock.SetJakarta(2026, 11, 30, 0, 35);
        replica.Clock.SetJakarta(2026, 11, 30, 0, 35);
        var byReplica = await replica.Services.GetRequiredService<ReconciliationSchedule>().RunDueAsync(CancellationToken.None);
        var byHolder = await Factory.Services.GetRequiredService<ReconciliationSchedule>().RunDueAsync(CancellationToken.None);

        byReplica.ShouldBeEmpty();
        byHolder.ShouldBe([new DateOnly(2026, 11, 29)]);
    }

    [Fact]
    public async Task A_check_request_delivered_again_for_a_sale_already_final_does_not_ask_iak_again()
    {
        var invoice = (await SoldAsync(Cashier, "replica-redelivery")).GetProperty("invoice").GetString()!;
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);
        Factory.Clock.Advance(TimeSpan.FromSeconds(6));
        (await PollerOf(Factory).PollOnceAsync(CancellationToken.None)).ShouldBe(1);
        var request = Factory.Events.Published.Single(e => e.Topic == Topics.TransactionStatusCheckRequested && e.Json.Contains(invoice));
        var iakCallsBefore = Factory.Iak.Calls.Values.Sum();

        await DeliverAsync(request.EventId, request.Json);
        var iakCallsAfterFirst = Factory.Iak.Calls.Values.Sum();
        await DeliverAsync(request.EventId, request.Json);
        await DeliverAsync(Guid.NewGuid(), request.Json);

        (await GetAsync(Cashier, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("success");
        (iakCallsAfterFirst - iakCallsBefore).ShouldBe(1);
        Factory.Iak.Calls.Values.Sum().ShouldBe(iakCallsAfterFirst, "a redelivery and a duplicate request find the sale final");
    }

    private async Task DeliverAsync(Guid eventId, string json)
    {
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var delivered = await sidecar.PostAsync("/events/transaction-status-check-requested", new StringContent(
            $$"""{"id":"{{eventId}}","datacontenttype":"application/json","data":{{json}}}""", System.Text.Encoding.UTF8, "application/cloudevents+json"));
        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
    }

    private static async Task DrainOutboxAsync(ServiceFactory<Program> instance)
    {
        var dispatcher = instance.Services.GetServices<IHostedService>().OfType<OutboxDispatcher<TransactionDbContext>>().Single();
        for (var round = 0; round < 100 && await UnpublishedAsync(instance) > 0; round++)
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
        }
    }

    private static async Task<int> UnpublishedAsync(ServiceFactory<Program> instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TransactionDbContext>().OutboxMessages
            .CountAsync(m => m.Topic == "replica-test" && m.PublishedAt == null);
    }

    private async Task<string?> LeaseHolderAsync(string name)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TransactionDbContext>().Set<Lease>().Where(l => l.Name == name)
            .Select(l => l.Holder).SingleOrDefaultAsync();
    }

    private static int CheckRequests(ServiceFactory<Program> instance, string invoice) =>
        instance.Events.Published.Count(e => e.Topic == Topics.TransactionStatusCheckRequested && e.Json.Contains(invoice));

    private static StatusCheckPoller PollerOf(ServiceFactory<Program> instance) =>
        instance.Services.GetServices<IHostedService>().OfType<StatusCheckPoller>().Single();

    private static DepositCheckPoller DepositPollerOf(ServiceFactory<Program> instance) =>
        instance.Services.GetServices<IHostedService>().OfType<DepositCheckPoller>().Single();
}
