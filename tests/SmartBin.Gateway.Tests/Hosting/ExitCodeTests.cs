using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace SmartBin.Gateway.Tests.Hosting;

/// <summary>
/// The gateway's exit code: a stop the host made because a background service failed is a failure (1), so systemd's
/// <c>Restart=on-failure</c> starts the gateway again; before, such a stop exited 0 and the gateway stayed down.
/// </summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task A_failed_background_service_makes_the_exit_code_1_and_is_named()
    {
        using var healthy = new Waits();
        using var failing = new Fails();
        await healthy.StartAsync(CancellationToken.None);
        await failing.StartAsync(CancellationToken.None);
        await Task.WhenAny(failing.ExecuteTask!, Task.Delay(TimeSpan.FromSeconds(10)));
        var error = new StringWriter();

        var code = Program.ExitCode([healthy, failing], error);

        Assert.Equal(1, code);
        Assert.Contains("Fails failed: connection reset before use", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Waits", error.ToString(), StringComparison.Ordinal);
        await healthy.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_requested_stop_exits_0()
    {
        using var healthy = new Waits();
        await healthy.StartAsync(CancellationToken.None);
        await healthy.StopAsync(CancellationToken.None);
        var error = new StringWriter();

        Assert.Equal(0, Program.ExitCode([healthy], error));
        Assert.Equal("", error.ToString());
    }

    private sealed class Waits : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class Fails : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("connection reset before use");
        }
    }
}
