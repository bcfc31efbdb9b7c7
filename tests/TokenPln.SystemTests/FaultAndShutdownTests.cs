using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>Stops one service, then the whole run, on a stack of its own.</summary>
public class FaultAndShutdownTests(LocalRunnerStack stack) : IClassFixture<LocalRunnerStack>
{
    [Fact]
    public async Task A_killed_service_leaves_the_others_healthy_answers_err_direct_invoke_and_ctrl_c_ends_every_process()
    {
        var pids = stack.Apps.Values.Select(a => a.Pid!.Value).Append(stack.RunnerProcessId).ToList();

        await stack.StopAppAsync("master-service", kill: true);
        await stack.WaitForAsync(async () =>
            (await stack.Control.GetFromJsonAsync<List<LocalRunnerStack.AppInfo>>("apps"))!.Single(a => a.AppId == "master-service").Running ? null : "down",
            "master-service to be reported down");

        using var userSidecar = stack.SidecarOf("user-service");
        var watch = Stopwatch.StartNew();
        using var response = await userSidecar.GetAsync("v1.0/invoke/master-service/method/api/office-hours");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "a dead target must fail fast, not hang");
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        error.GetProperty("errorCode").GetString().ShouldBe("ERR_DIRECT_INVOKE");

        (await stack.HealthAsync("user-service")).GetProperty("status").GetString().ShouldBe("Healthy");
        (await stack.HealthAsync("transaction-service")).GetProperty("status").GetString().ShouldBe("Healthy");

        (await stack.StopRunnerAsync()).ShouldBe(0);
        foreach (var pid in pids)
        {
            IsAlive(pid).ShouldBeFalse($"process {pid} outlived the runner");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
