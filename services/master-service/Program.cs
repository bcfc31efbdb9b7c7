using TokenPln.Iak;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.OfficeHours;
using TokenPln.MasterService.Pricing;
using TokenPln.MasterService.Products;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Persistence;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("master-service");
builder.Services.AddMasterData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);
builder.Services.AddTokenPlnAuth(builder.Configuration);
builder.Services.AddSingleton<ProductCatalog>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseTokenPlnAuth();
app.MapOfficeHoursApi();
app.MapProductsApi();
app.MapPricesApi();
app.MapStaffAccessCopySubscription<MasterDbContext>();

if (await app.PrepareDatabaseAsync<MasterDbContext>(args))
{
    return;
}

await app.SeedDefaultOfficeHoursAsync();
await app.RunAsync();

public partial class Program;
