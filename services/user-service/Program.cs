using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.UserService.Data;

var builder = WebApplication.CreateBuilder(args);
await builder.AddServiceDefaultsAsync("user-service");
builder.Services.AddUserData(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
app.UseServiceDefaults();
app.MapOfficeHoursReplicaSubscription<UserDbContext>();

await app.MigrateDatabaseAsync<UserDbContext>();
await app.RunAsync();

public partial class Program;
