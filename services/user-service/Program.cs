using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Persistence;
using TokenPln.UserService.Auth;
using TokenPln.UserService.Data;
using TokenPln.UserService.Users;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("user-service");
builder.Services.AddUserData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddTokenPlnAuth(builder.Configuration);
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddScoped<LoginThrottle>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseTokenPlnAuth();
app.MapLoginApi();
app.MapUsersApi();
app.MapStaffAccessApi();
app.MapShiftCopySubscription<UserDbContext>();

if (await app.PrepareDatabaseAsync<UserDbContext>(args))
{
    return;
}

await app.BootstrapOwnerAsync();
await app.RunAsync();

public partial class Program;
