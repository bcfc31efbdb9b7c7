using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.Contracts.Events;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.ServiceDefaults.Telemetry;
using TokenPln.Testing;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>The outbox publishing through the SDK's client: refusals are retried later, in order, under the same event id.</summary>
public sealed class OutboxPublishingTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly TestClock _clock = new();
    private FakeSidecar _sidecar = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _sidecar = await FakeSidecar.StartAsync();
        _services = new ServiceCollection()
            .AddDbContext<OutboxContext>(o => o.UseSqlite(_connection))
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxContext>().Database.EnsureCreatedAsync();
    }

    [Fact]
    public async Task A_publish_the_sidecar_refuses_stays_in_the_outbox_and_goes_out_later_in_order_under_its_own_id()
    {
        var first = new Changed("first") { OccurredAt = _clock.GetUtcNow() };
        var second = new Changed("second") { OccurredAt = _clock.GetUtcNow().AddSeconds(1) };
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OutboxContext>();
            db.AddToOutbox("things", second);
            db.AddToOutbox("things", first);
            await db.SaveChangesAsync();
        }

        using var dapr = _sidecar.CreateClient();
        var dispatcher = new OutboxDispatcher<OutboxContext>(_services.GetRequiredService<IServiceScopeFactory>(),
            new DaprEventPublisher(dapr, _sidecar.Options()), new OutboxSignal(), _clock, new ConfigurationManager(),
            new TokenPlnMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            NullLogger<OutboxDispatcher<OutboxContext>>.Instance);

        _sidecar.PublishStatus = StatusCode.Unavailable;
        (await dispatcher.DispatchBatchAsync(CancellationToken.None)).ShouldBe(0);
        var refused = await ReadOutboxAsync();
        refused.ShouldAllBe(m => m.PublishedAt == null && m.Attempts == 1 && m.NextAttemptAt > _clock.GetUtcNow().UtcDateTime);
        refused.ShouldAllBe(m => m.LastError == "Publishing to 'things' failed with Unavailable: pubsub pubsub: refused by the test");

        _sidecar.PublishStatus = StatusCode.OK;
        (await dispatcher.DispatchBatchAsync(CancellationToken.None)).ShouldBe(0, "retried only after its backoff");
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await dispatcher.DispatchBatchAsync(CancellationToken.None)).ShouldBe(2);

        (await ReadOutboxAsync()).ShouldAllBe(m => m.PublishedAt != null);
        var delivered = _sidecar.Published.Skip(2).Select(p => (p.Request.Metadata["cloudevent.id"], p.Request.Data.ToStringUtf8())).ToList();
        delivered.Count.ShouldBe(2);
        delivered[0].Item1.ShouldBe(first.Id.ToString());
        delivered[0].Item2.ShouldContain("\"first\"");
        delivered[1].Item1.ShouldBe(second.Id.ToString());
    }

    private async Task<List<OutboxMessage>> ReadOutboxAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxContext>().OutboxMessages.AsNoTracking().ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sidecar.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed record Changed(string What) : IntegrationEvent;

    private sealed class OutboxContext(DbContextOptions<OutboxContext> options) : DbContext(options), IOutboxDbContext
    {
        public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ConfigureOutbox();
    }
}
