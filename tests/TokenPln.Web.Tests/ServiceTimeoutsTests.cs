using Microsoft.Extensions.Configuration;
using TokenPln.Testing;
using TokenPln.Web.Bills;
using TokenPln.Web.History;

namespace TokenPln.Web.Tests;

public class ServiceTimeoutsTests
{
    /// <summary>
    /// transaction-service holds a sale or a payment open while it waits for IAK's answer; a web app that gave up first
    /// would show a sale that went through as lost, and a cashier would sell again.
    /// </summary>
    [Theory]
    [InlineData("transaction-service")]
    [InlineData(BillSetup.TransactionsClient)]
    [InlineData(HistorySetup.TransactionsClient)]
    public void The_web_app_waits_longer_for_a_sale_than_transaction_service_waits_for_IAK(string client)
    {
        var web = Settings("web/TokenPln.Web/appsettings.json");
        var transactions = Settings("services/transaction-service/appsettings.json");

        var webWaits = web.GetValue<TimeSpan>($"Resilience:{client}:AttemptTimeout");
        var serviceWaits = transactions.GetValue<TimeSpan>("Sales:ProviderAnswerWithin");

        serviceWaits.ShouldBeGreaterThan(TimeSpan.Zero);
        webWaits.ShouldBeGreaterThanOrEqualTo(serviceWaits + TimeSpan.FromSeconds(5));
    }

    private static IConfigurationRoot Settings(string path) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(LocalRunnerStack.RepositoryRoot, path), optional: false).Build();
}
