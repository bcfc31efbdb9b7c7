using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Security;

namespace TokenPln.Web.Tests;

/// <summary>
/// Two web-app instances behind one load balancer: what one protects (the sign-in form's antiforgery token, the session
/// cookie) the other must read, or a cashier whose pod dies is thrown out.
/// </summary>
public sealed class SharedDataProtectionTests : IAsyncLifetime
{
    private readonly List<string> _directories = [];
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The hosts first: they hold the Redis connection and the key directories.
        foreach (var disposable in Enumerable.Reverse(_disposables)) await disposable.DisposeAsync();
        foreach (var directory in _directories) Directory.Delete(directory, recursive: true);
    }

    private sealed class Instance(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("APP_ID", "web-app");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureTestServices(services => services.AddSingleton<IUserApi>(new WebAppTests.FakeUserApi()));
        }

        /// <summary>A browser's view of this instance: the cookie jar is the browser's, shared by whichever instance answers.</summary>
        public HttpClient Browser(CookieContainer cookies) => CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
    }

    private Instance StartInstance(params (string Key, string Value)[] settings)
    {
        var instance = new Instance(settings.ToDictionary(s => s.Key, s => s.Value));
        _disposables.Add(instance);
        return instance;
    }

    private string TemporaryDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("tokenpln-dp-keys").FullName;
        _directories.Add(directory);
        return directory;
    }

    private static async Task<string> SignInFormTokenAsync(HttpClient browser)
    {
        var form = await browser.GetStringAsync("/masuk");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string formToken) =>
        browser.PostAsync("/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "masuk", ["__RequestVerificationToken"] = formToken, ["Input.Email"] = "sari@tokenpln.local", ["Input.Password"] = "Kasir#12345",
        }));

    /// <summary>The form comes from <paramref name="first"/>, is posted to <paramref name="second"/>, and the cookie that signs in is used on <paramref name="first"/>.</summary>
    private static async Task AcrossInstancesTheSessionHoldsAsync(Instance first, Instance second)
    {
        var cookies = new CookieContainer();
        var formToken = await SignInFormTokenAsync(first.Browser(cookies));

        using var signIn = await PostSignInAsync(second.Browser(cookies), formToken);

        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the second instance must accept the first one's antiforgery token");
        signIn.Headers.Location!.AbsolutePath.ShouldBe("/token");
        using var page = await first.Browser(cookies).GetAsync("/token");
        page.StatusCode.ShouldBe(HttpStatusCode.OK, "the first instance must read the second one's session cookie");
    }

    [Fact]
    public async Task With_the_key_ring_in_redis_a_form_and_a_session_cookie_of_one_instance_are_read_by_another()
    {
        var redis = await PrivateRedisServer.StartAsync();
        _disposables.Add(redis);
        var first = StartInstance(("DataProtection:Redis", redis.Host));
        var second = StartInstance(("DataProtection:Redis", redis.Host));

        await AcrossInstancesTheSessionHoldsAsync(first, second);
        await AcrossInstancesTheSessionHoldsAsync(second, first);

        (await redis.IntegerAsync("LLEN", SharedDataProtection.RedisKey)).ShouldBe(1, "one key, made by the first instance and used by both");
    }

    [Fact]
    public async Task With_a_shared_keys_directory_a_form_and_a_session_cookie_of_one_instance_are_read_by_another()
    {
        var shared = TemporaryDirectory();
        var first = StartInstance(("DataProtection:KeysDirectory", shared));
        var second = StartInstance(("DataProtection:KeysDirectory", shared));

        await AcrossInstancesTheSessionHoldsAsync(first, second);

        Directory.GetFiles(shared, "key-*.xml").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Instances_with_key_rings_of_their_own_refuse_each_others_forms_and_cookies()
    {
        // Two pods without a shared store: each keeps its keys on its own disk (here, a directory of its own).
        var first = StartInstance(("DataProtection:KeysDirectory", TemporaryDirectory()));
        var second = StartInstance(("DataProtection:KeysDirectory", TemporaryDirectory()));
        var cookies = new CookieContainer();

        using var signIn = await PostSignInAsync(second.Browser(cookies), await SignInFormTokenAsync(first.Browser(cookies)));
        signIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the second instance cannot read the first one's antiforgery token");

        using var signedIn = await PostSignInAsync(first.Browser(cookies), await SignInFormTokenAsync(first.Browser(cookies)));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var page = await second.Browser(cookies).GetAsync("/token");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the second instance cannot read the first one's session cookie");
        page.Headers.Location!.AbsolutePath.ShouldBe(WebAuth.SignInPath);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Staging", true)]
    [InlineData("Development", false)]
    public async Task Without_a_shared_key_store_the_start_warns_outside_development_that_keys_are_per_instance(string environment, bool warns)
    {
        var logs = await StartLogsAsync(environment, new Dictionary<string, string?>());

        logs.Any(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Data Protection keys are per instance", StringComparison.Ordinal)).ShouldBe(warns);
    }

    [Fact]
    public async Task With_redis_the_start_names_the_shared_store_without_its_password_and_does_not_warn_of_per_instance_keys()
    {
        var logs = await StartLogsAsync("Production", new Dictionary<string, string?>
        {
            // Nothing listens there: a Redis that is down must not stop the start (short timeouts keep the test quick).
            ["DataProtection:Redis"] = "127.0.0.1:1,password=s3cret-redis-password,connectTimeout=200,syncTimeout=200",
        });

        logs.ShouldNotContain(l => l.Message.StartsWith("Data Protection keys are per instance", StringComparison.Ordinal));
        logs.ShouldContain(l => l.Message == "Data Protection keys are shared through Redis at 127.0.0.1:1");
        logs.ShouldNotContain(l => l.Message.Contains("s3cret-redis-password"));
    }

    private static async Task<IReadOnlyCollection<(LogLevel Level, string Message)>> StartLogsAsync(string environment, Dictionary<string, string?> settings)
    {
        var logs = new ConcurrentQueue<(LogLevel, string)>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
        builder.Services.AddSharedDataProtection(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(CancellationToken.None);
        await host.StopAsync(CancellationToken.None);

        return logs.ToArray();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(LogLevel, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
