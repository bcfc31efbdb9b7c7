using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.FunctionalTests;

public class OwnerBootstrapTests
{
    [Fact]
    public void Development_falls_back_to_the_documented_defaults()
    {
        OwnerBootstrap.Credentials(Settings(), Environment("Development")).ShouldBe(("owner@tokenpln.local", "Owner#12345"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("owner@counter.id", null)]
    [InlineData("owner@counter.id", "Owner#12345")]
    [InlineData("owner@counter.id", "short")]
    public void Outside_development_missing_or_default_credentials_stop_the_service(string? email, string? password)
    {
        Should.Throw<InvalidOperationException>(() => OwnerBootstrap.Credentials(Settings(email, password), Environment("Production")))
            .Message.ShouldContain("Bootstrap__OwnerPassword");
    }

    [Fact]
    public void Outside_development_configured_credentials_are_used()
    {
        OwnerBootstrap.Credentials(Settings("owner@counter.id", "Str0ng#Passw0rd"), Environment("Production"))
            .ShouldBe(("owner@counter.id", "Str0ng#Passw0rd"));
    }

    private static IConfiguration Settings(string? email = null, string? password = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bootstrap:OwnerEmail"] = email,
            ["Bootstrap:OwnerPassword"] = password,
        }).Build();

    private static IHostEnvironment Environment(string name) => new HostEnvironment { EnvironmentName = name };

    private sealed class HostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "user-service";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
