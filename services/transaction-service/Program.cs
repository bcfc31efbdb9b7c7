using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;

var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("transaction-service");
builder.Services.AddTransactionData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.MapOfficeHoursReplicaSubscription<TransactionDbContext>();

await app.MigrateDatabaseAsync<TransactionDbContext>();
await app.RunAsync();

public partial class Program;
