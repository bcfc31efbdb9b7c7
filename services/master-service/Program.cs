using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.Iak;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.OfficeHours;

var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("master-service");
builder.Services.AddMasterData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.MapOfficeHoursApi();

await app.MigrateDatabaseAsync<MasterDbContext>();
await app.SeedDefaultOfficeHoursAsync();
await app.RunAsync();

public partial class Program;
