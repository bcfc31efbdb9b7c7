using MudBlazor.Services;
using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Bills;
using TokenPln.Web.Components;
using TokenPln.Web.Deposit;
using TokenPln.Web.Drawers;
using TokenPln.Web.History;
using TokenPln.Web.Live;
using TokenPln.Web.Owner;
using TokenPln.Web.Pricing;
using TokenPln.Web.Reconciliation;
using TokenPln.Web.Security;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
// A UI, not an API: no Swagger, and its own security headers (SecurityHeaders) instead of an API's "render nothing" edge.
builder.AddServiceDefaults(AppIds.WebApp, options =>
{
    options.ApiDocumentation = false;
    options.ApiEdge = false;
});

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddWebAuth();
builder.Services.AddSharedDataProtection(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddScoped<ServiceCall>();
builder.Services.AddTransient<BrowserAddressHandler>();
builder.Services.AddDaprServiceClient<IUserApi>(builder.Configuration, AppIds.UserService).AddHttpMessageHandler<AccessTokenHandler>()
    .AddHttpMessageHandler<BrowserAddressHandler>();
builder.Services.AddDaprServiceClient<IMasterApi>(builder.Configuration, AppIds.MasterService).AddHttpMessageHandler<AccessTokenHandler>();
builder.Services.AddDaprServiceClient<ITransactionApi>(builder.Configuration, AppIds.TransactionService).AddHttpMessageHandler<AccessTokenHandler>();
builder.Services.AddOwnerPages(builder.Configuration);
builder.Services.AddReconciliationPages(builder.Configuration);
builder.Services.AddBillPages(builder.Configuration);
builder.Services.AddHistoryPages(builder.Configuration);
builder.Services.AddDepositPages(builder.Configuration);
builder.Services.AddPricingPages(builder.Configuration);
builder.Services.AddDrawerPages(builder.Configuration);
builder.Services.AddTransactionStatusEvents();

var app = builder.Build();
app.UseTrustedProxies();
app.UseServiceDefaults();
// Development too: a page must never show a stack trace, on the counter's tablet least of all.
app.UseExceptionHandler("/Error", createScopeForErrors: true);
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapSignOut();
app.MapOwnerPages();
app.MapTransactionStatusEvents();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

public partial class Program;
