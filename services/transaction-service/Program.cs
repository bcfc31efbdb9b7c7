using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.TransactionService.Data;

var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("transaction-service");
builder.Services.AddTransactionData(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
app.UseServiceDefaults();
app.MapOfficeHoursReplicaSubscription<TransactionDbContext>();

await app.MigrateDatabaseAsync<TransactionDbContext>();
await app.RunAsync();

public partial class Program;
