using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Leases;
using TokenPln.Testing;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>A job's lease in the database, as instances with clocks of their own take, renew and release it.</summary>
public sealed class DatabaseLeaseTests : IAsyncLifetime
{
    private const string Job = "poller";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _services = new ServiceCollection().AddDbContext<LeaseContext>(o => o.UseSqlite(_connection)).BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LeaseContext>().Database.EnsureCreatedAsync();
    }

    [Fact]
    public async Task Another_instance_takes_the_lease_only_once_it_has_run_out_and_at_once_when_released()
    {
        var clock = new TestClock();
        var first = Instance("first", clock);
        var second = Instance("second", clock);

        (await first.TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(29));
        (await second.TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        (await second.TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue("the first instance's lease ran out");
        (await first.TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeFalse();

        await second.ReleaseAsync(Job);
        (await first.TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue("released, long before it would run out");
        (await ExpiresAtAsync()).ShouldBe(clock.GetUtcNow().UtcDateTime + Duration);
    }

    [Fact]
    public async Task A_renewal_that_read_the_clock_before_a_later_one_keeps_the_lease_without_shortening_it()
    {
        // Two rounds of one instance at once: the one that read the clock first writes last.
        var start = new TestClock();
        var later = new TestClock();
        later.Set(start.GetUtcNow().AddSeconds(31));
        var other = new TestClock();
        other.Set(start.GetUtcNow().AddSeconds(45));
        (await Instance("first", start).TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue();
        (await Instance("first", later).TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue();

        (await Instance("first", start).TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeTrue("it still holds the lease");

        (await ExpiresAtAsync()).ShouldBe(later.GetUtcNow().UtcDateTime + Duration);
        (await Instance("second", other).TryHoldAsync(Job, Duration, CancellationToken.None)).ShouldBeFalse(
            "the later renewal still runs on the other instance's clock");
    }

    private DatabaseLease<LeaseContext> Instance(string id, TimeProvider clock) =>
        new(_services.GetRequiredService<IServiceScopeFactory>(), clock,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [InstanceIdentity.ConfigurationKey] = id }).Build(),
            NullLogger<DatabaseLease<LeaseContext>>.Instance);

    private async Task<DateTime> ExpiresAtAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LeaseContext>().Set<Lease>().Where(l => l.Name == Job).Select(l => l.ExpiresAt).SingleAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class LeaseContext(DbContextOptions<LeaseContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ConfigureLeases();
    }
}
