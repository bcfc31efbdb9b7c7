using TokenPln.BuildingBlocks.Auth;
using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.BuildingBlocks.StaffAccess;
using TokenPln.Iak;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.OfficeHours;
using TokenPln.MasterService.Products;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("master-service");
builder.Services.AddMasterData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);
builder.Services.AddTokenPlnAuth(builder.Configuration);
builder.Services.AddSingleton<ProductCatalog>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseTokenPlnAuth();
app.MapOfficeHoursApi();
app.MapProductsApi();
app.MapStaffAccessReplicaSubscription<MasterDbContext>();

if (await app.PrepareDatabaseAsync<MasterDbContext>(args))
{
    return;
}

await app.SeedDefaultOfficeHoursAsync();
await app.RunAsync();

public partial class Program;
