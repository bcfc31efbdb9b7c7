using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Products;
using TokenPln.LocalCopies.Shifts;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.Testing;

/// <summary>
/// A service in memory on a real SQLite file of its own, with the sidecar replaced by in-process fakes:
/// published events are recorded and master-service's shifts come from <see cref="MasterShifts"/>.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    public const string OwnerEmail = "owner@tokenpln.test";
    public const string OwnerPassword = "Functional#Owner1";

    private string _dataDirectory = Directory.CreateTempSubdirectory("tokenpln-functional").FullName;

    public RecordingEventPublisher Events { get; } = new();
    public TestClock Clock { get; } = new();
    public FakeIak Iak { get; } = new();
    public List<OfficeHoursSnapshot> MasterShifts { get; } = [];

    /// <summary>user-service's answer to the staff access sync; while null, user-service counts as unreachable.</summary>
    public List<StaffAccessSnapshot>? UserStaffAccess { get; set; }

    /// <summary>master-service's product list, which it has from IAK: <see cref="FakeIak.PlnTokens"/>, or a failure while this is set.</summary>
    public bool MasterProductsDown { get; set; }

    public int MasterProductsCalls => _masterProductsCalls;

    /// <summary>master-service's selling price per product code (the owner's prices); a product not listed sells at IAK's price.</summary>
    public Dictionary<string, long> MasterSellingPrices { get; } = [];

    /// <summary>master-service's counter admin fees for bills.</summary>
    public CounterFeesSnapshot MasterCounterFees { get; set; } = new(0, 0);

    private int _masterProductsCalls;
    private string? _postgresConnectionString;

    /// <summary>Told by the service's start-up steps when they find their data missing (see <see cref="StartupRendezvous"/>).</summary>
    public IStartupStepProbe? StartupProbe { get; set; }

    /// <summary>Configuration a test changes, applied over the defaults below; set it before the first client is made.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        if (TestDatabase.IsPostgres)
        {
            // One database per factory, so a host made again from it (WithWebHostBuilder) restarts on the same data.
            var connectionString = _postgresConnectionString ??= TestDatabase.CreatePostgresDatabase();
            builder.UseSetting("Database:Provider", "Postgres");
            foreach (var service in new[] { "user-service", "master-service", "transaction-service" })
            {
                builder.UseSetting($"ConnectionStrings:{service}", connectionString);
            }
        }

        builder.UseSetting("Outbox:PollInterval", "00:00:00.050");
        // The daily reconciliation would ask the fake IAK at start-up; a test that wants it runs it itself.
        builder.UseSetting("Reconciliation:Daily:Enabled", "false");
        builder.UseSetting("APP_ID", "functional-test");
        builder.UseSetting("APP_API_TOKEN", TestTokens.AppApiToken);
        builder.UseSetting("Iak:Username", "081234567890");
        builder.UseSetting("Iak:ApiKey", FakeIak.ApiKey);
        builder.UseSetting("Jwt:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Bootstrap:OwnerEmail", OwnerEmail);
        builder.UseSetting("Bootstrap:OwnerPassword", OwnerPassword);
        // In-process hosts share a machine name and process id: each factory is an instance of its own.
        builder.UseSetting("Instance:Id", InstanceId);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IEventPublisher>();
            services.AddSingleton<IEventPublisher>(Events);
            services.RemoveAll<IMasterOfficeHoursClient>();
            services.AddSingleton<IMasterOfficeHoursClient>(new FakeMasterOfficeHours(MasterShifts));
            services.RemoveAll<IUserStaffAccessClient>();
            services.AddSingleton<IUserStaffAccessClient>(new FakeUserStaffAccess(() => UserStaffAccess));
            services.RemoveAll<IMasterProductsClient>();
            services.AddSingleton<IMasterProductsClient>(new FakeMasterProducts<TProgram>(this));
            if (StartupProbe is { } probe)
            {
                services.AddSingleton(probe);
            }

            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<TokenPln.Iak.IIakClient>();
            services.AddSingleton<TokenPln.Iak.IIakClient>(Iak);
        });
    }

    internal void CountMasterProductsCall() => Interlocked.Increment(ref _masterProductsCalls);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_isReplica)
        {
            // The database and the data directory are the first instance's, gone with it.
            return;
        }

        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_postgresConnectionString is { } database)
        {
            // Each database holds a copy of the template; a whole run's worth would fill the disk.
            _postgresConnectionString = null;
            TestDatabase.DropPostgresDatabase(database);
        }

        // WebApplicationFactory disposes through both Dispose and DisposeAsync.
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>This host's <c>Instance:Id</c>: the lease holder and outbox claimer it is among replicas.</summary>
    public string InstanceId { get; private set; } = "functional-" + Guid.NewGuid().ToString("N")[..8];

    private bool _isReplica;

    /// <summary>
    /// A second instance of the same service on this one's database and data directory, as replicas share one database: its own
    /// fakes (events, IAK), instance id and clock (set to this one's time), the same settings and shifts. Dispose it before this one.
    /// </summary>
    public ServiceFactory<TProgram> CreateReplica()
    {
        var replica = new ServiceFactory<TProgram>
        {
            UserStaffAccess = UserStaffAccess,
            MasterCounterFees = MasterCounterFees,
        };
        replica.ShareDatabaseWith(this);
        replica.InstanceId = InstanceId + "-replica";
        replica.Clock.Set(Clock.GetUtcNow());
        replica.MasterShifts.AddRange(MasterShifts);
        foreach (var (key, value) in Settings)
        {
            replica.Settings[key] = value;
        }

        foreach (var (key, value) in MasterSellingPrices)
        {
            replica.MasterSellingPrices[key] = value;
        }

        return replica;
    }

    private sealed class FakeUserStaffAccess(Func<List<StaffAccessSnapshot>?> access) : IUserStaffAccessClient
    {
        public Task<IReadOnlyList<StaffAccessSnapshot>> GetAllAsync(CancellationToken cancellationToken) =>
            access() is { } list
                ? Task.FromResult<IReadOnlyList<StaffAccessSnapshot>>(list.ToList())
                : Task.FromException<IReadOnlyList<StaffAccessSnapshot>>(new HttpRequestException("user-service is not part of this test"));
    }

    private sealed class FakeMasterOfficeHours(List<OfficeHoursSnapshot> shifts) : IMasterOfficeHoursClient
    {
        public Task<IReadOnlyList<OfficeHoursSnapshot>> GetAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OfficeHoursSnapshot>>(shifts.ToList());
    }

    /// <summary>
    /// A second instance of the same service that starts together with this one on their one fresh database: neither host is
    /// started yet, so both migrate and seed the empty database at the same moment (start them with <see cref="StartTogetherAsync"/>).
    /// Dispose it before this one.
    /// </summary>
    public ServiceFactory<TProgram> CreateReplicaStartingTogether()
    {
        if (TestDatabase.IsPostgres)
        {
            _postgresConnectionString ??= TestDatabase.CreatePostgresDatabase();
        }

        var replica = new ServiceFactory<TProgram>();
        replica.UseDatabaseOf(this);
        StartupProbe = replica.StartupProbe = new StartupRendezvous(2);
        replica.InstanceId = InstanceId + "-replica";
        replica.Clock.Set(Clock.GetUtcNow());
        foreach (var (key, value) in Settings)
        {
            replica.Settings[key] = value;
        }

        return replica;
    }

    /// <summary>Starts the hosts at the same moment, each on a thread of its own, as replicas scheduled together start.</summary>
    public static async Task StartTogetherAsync(params ServiceFactory<TProgram>[] factories)
    {
        using var go = new ManualResetEventSlim();
        var starts = factories.Select(f => Task.Factory.StartNew(() =>
        {
            go.Wait();
            _ = f.Services;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        go.Set();
        await Task.WhenAll(starts);
    }

    /// <summary>
    /// Makes this factory's host a second instance of the service on <paramref name="first"/>'s database and data directory
    /// (its SQLite file or its PostgreSQL database), as replicas share one database; call it before this factory makes a
    /// client. The first factory keeps owning the database: dispose this one first.
    /// </summary>
    public void ShareDatabaseWith(ServiceFactory<TProgram> first)
    {
        // Starts the first host: it makes the database (and on PostgreSQL names it) and migrates it.
        _ = first.Services;
        UseDatabaseOf(first);
    }

    private void UseDatabaseOf(ServiceFactory<TProgram> first)
    {
        _isReplica = true;
        _postgresConnectionString = first._postgresConnectionString;
        Directory.Delete(_dataDirectory);
        _dataDirectory = first._dataDirectory;
    }
}

internal sealed class FakeMasterProducts<TProgram>(ServiceFactory<TProgram> factory) : IMasterProductsClient where TProgram : class
{
    public Task<IReadOnlyList<PrepaidProductSnapshot>> GetPrepaidAsync(CancellationToken cancellationToken)
    {
        factory.CountMasterProductsCall();
        // The Func, not the client method, so that the fake IAK's call count stays what the service itself asked IAK.
        var list = factory.Iak.PlnTokens();
        if (factory.MasterProductsDown || !list.IsSuccess)
        {
            throw new HttpRequestException("master-service is unreachable (fake).");
        }

        return Task.FromResult<IReadOnlyList<PrepaidProductSnapshot>>(
            list.Value!.Select(p => new PrepaidProductSnapshot(p.Code, p.Description, p.Nominal, p.Price, p.Active,
                factory.MasterSellingPrices.TryGetValue(p.Code, out var selling) ? selling : p.Price)).ToList());
    }

    public Task<CounterFeesSnapshot> GetCounterFeesAsync(CancellationToken cancellationToken) =>
        factory.MasterProductsDown
            ? Task.FromException<CounterFeesSnapshot>(new HttpRequestException("master-service is unreachable (fake)."))
            : Task.FromResult(factory.MasterCounterFees);
}

public sealed class RecordingEventPublisher : IEventPublisher
{
    public ConcurrentQueue<(string Topic, Guid EventId, string Json)> Published { get; } = new();

    public Task PublishAsync(string topic, Guid eventId, string json, CancellationToken cancellationToken)
    {
        Published.Enqueue((topic, eventId, json));
        return Task.CompletedTask;
    }
}
