using TokenPln.Iak;
using TokenPln.LocalCopies.Shifts;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Persistence;
using TokenPln.TransactionService.Callbacks;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Receipts;
using TokenPln.TransactionService.Reconciliation;
using TokenPln.TransactionService.Products;
using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.StatusChecks;

ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("transaction-service");
builder.Services.AddTransactionData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIakClient(builder.Configuration);
builder.Services.AddTokenPlnAuth(builder.Configuration);
builder.Services.AddSales();
builder.Services.AddDrawers();
builder.Services.AddStatusChecks();
builder.Services.AddDeposit();
builder.Services.AddReceipts();
builder.Services.AddReconciliation();

var app = builder.Build();
app.UseServiceDefaults();
app.UseTokenPlnAuth();
app.MapSalesApi();
app.MapDrawerApi();
app.MapStatusCheckApi();
app.MapReportingApi();
app.MapDepositApi();
app.MapReceiptApi();
app.MapMarginApi();
app.MapIakCallbackApi();
app.MapReconciliationApi();
app.MapStatusCheckSubscription();
app.MapShiftCopySubscription<TransactionDbContext>();
app.MapStaffAccessCopySubscription<TransactionDbContext>();
app.MapPriceChangeSubscription();

if (await app.PrepareDatabaseAsync<TransactionDbContext>(args))
{
    return;
}

await app.RunAsync();

public partial class Program;
