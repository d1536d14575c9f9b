using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>The hosted loops: observations are judged as they arrive, and the periodic timer runs on the fake clock.</summary>
public sealed class AlertServiceTests
{
    [Fact]
    public async Task The_service_judges_queued_observations_and_its_timer_finds_silence()
    {
        using var rig = new AlertRig(o => o.CheckIntervalS = 5);
        using var service = new AlertService(rig.Engine, rig.Options, rig.Time, NullLogger<AlertService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            rig.Engine.OnTelemetry(AlertRig.Bin, Msg.Telemetry(readerOk: false), rig.Now);
            await Poll.UntilAsync(() => rig.OpenAlert(AlertKinds.ReaderFault) is not null);

            // Nothing is heard from now on; the timer (fake clock, 5 s ticks) must find the silence by itself.
            await Poll.UntilAsync(() => rig.OpenAlert(AlertKinds.Offline) is not null, () => rig.Time.Advance(TimeSpan.FromSeconds(5)));
            var offline = rig.OpenAlert(AlertKinds.Offline)!;
            Assert.Equal("silent", offline.Code);
            Assert.True(offline.OpenedUtc >= Msg.Start.AddSeconds(300));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
