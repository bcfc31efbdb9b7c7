using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace TokenPln.UserService.FunctionalTests;

public sealed class DevelopmentSecretsTests
{
    public static TheoryData<string, string, string> SecretsOutsideDevelopment()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var environment in new[] { "Production", "Testing" })
        {
            data.Add(environment, "secrets.development.json", "Jwt:SigningKey");
            data.Add(environment, "iak-secrets.development.json", "Iak:ApiKey");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SecretsOutsideDevelopment))]
    public void Outside_development_a_secret_from_the_development_files_stops_the_service_naming_the_setting_not_the_value(
        string environment, string file, string key)
    {
        var value = DevelopmentSecret(file, key);
        using var factory = new EnvironmentFactory(environment);
        factory.Settings[key] = value;

        var failure = Should.Throw<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Chain(failure).Select(e => e.Message));
        messages.ShouldContain("DEVELOPMENT-ONLY");
        messages.ShouldContain(key);
        messages.ShouldNotContain(value);
    }

    [Fact]
    public async Task In_development_the_development_signing_key_is_accepted()
    {
        using var factory = new EnvironmentFactory("Development");
        factory.Settings["Jwt:SigningKey"] = DevelopmentSecret("secrets.development.json", "Jwt:SigningKey");
        using var client = factory.CreateClient();

        using var alive = await client.GetAsync("/alive");

        alive.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string DevelopmentSecret(string file, string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalRunnerStack.RepositoryRoot, "components", file)));
        var section = key.Split(':');
        var value = document.RootElement.GetProperty(section[0]).GetProperty(section[1]).GetString()!;
        value.ShouldContain("DEVELOPMENT-ONLY", customMessage: $"every secret in components/{file} carries the marker");
        return value;
    }

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    private sealed class EnvironmentFactory(string environment) : ServiceFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
