using TokenPln.BuildingBlocks.Auth;
using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.BuildingBlocks.StaffAccess;
using TokenPln.Iak;
using TokenPln.TransactionService.Callbacks;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.StatusChecks;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("transaction-service");
builder.Services.AddTransactionData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);
builder.Services.AddTokenPlnAuth(builder.Configuration);
builder.Services.AddSales();

var app = builder.Build();
app.UseServiceDefaults();
app.UseTokenPlnAuth();
app.MapSalesApi();
app.MapReportingApi();
app.MapIakCallbackApi();
app.MapStatusCheckSubscription();
app.MapOfficeHoursReplicaSubscription<TransactionDbContext>();
app.MapStaffAccessReplicaSubscription<TransactionDbContext>();

if (await app.PrepareDatabaseAsync<TransactionDbContext>(args))
{
    return;
}

await app.RunAsync();

public partial class Program;
