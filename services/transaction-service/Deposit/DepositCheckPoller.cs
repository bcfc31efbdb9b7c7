namespace TokenPln.TransactionService.Deposit;

/// <summary>
/// Reads IAK's balance at start-up and every <c>Deposit:CheckInterval</c> (15 minutes by default; zero turns it off), so the owner
/// sees a fresh figure and the low-balance alert fires even while nothing is sold.
/// </summary>
public sealed class DepositCheckPoller(DepositBook book, TimeProvider clock, IConfiguration configuration, ILogger<DepositCheckPoller> logger)
    : BackgroundService
{
    private readonly TimeSpan _interval = configuration.GetValue("Deposit:CheckInterval", TimeSpan.FromMinutes(15));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Periodic IAK balance checks are off (Deposit:CheckInterval is {Interval})", _interval);
            return;
        }

        using var timer = new PeriodicTimer(_interval, clock);
        do
        {
            try
            {
                await book.CheckNowAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Reading the IAK balance failed; trying again in {Interval}", _interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
