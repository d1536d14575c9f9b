using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Tests.Alerts;
using SmartBin.Gateway.Web;
using Xunit;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>Live bin state: online transitions, last telemetry, drop-offs per local day, concurrency.</summary>
public sealed class BinLiveStateTests
{
    private const string Bin = "baiyun-0007";

    private static (BinLiveState State, FakeTimeProvider Time) Make()
    {
        var time = new FakeTimeProvider(Msg.Start); // 08:00 in Shanghai
        time.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return (new BinLiveState(time, new GatewayMetrics()), time);
    }

    [Fact]
    public void Online_follows_birth_will_connection_and_any_message()
    {
        var (state, time) = Make();
        Assert.Null(state.Get(Bin));
        state.OnStatus(Bin, Msg.Online, time.GetUtcNow());
        Assert.True(state.Get(Bin)!.Online);
        state.OnConnection(Bin, false, time.GetUtcNow());
        Assert.False(state.Get(Bin)!.Online);
        state.OnEvent(Bin, Msg.Event(1, "emptied"), time.GetUtcNow());
        Assert.True(state.Get(Bin)!.Online);
        state.OnStatus(Bin, Msg.Offline, time.GetUtcNow());
        Assert.False(state.Get(Bin)!.Online);
    }

    [Fact]
    public void Keeps_last_telemetry_firmware_and_last_seen()
    {
        var (state, time) = Make();
        state.OnTelemetry(Bin, Msg.Telemetry(fillPct: 42, scaleFault: "scale-saturated", readerOk: false, weightGrams: 9_000, fw: "1.0.2"), time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(60));
        state.OnStatus(Bin, new SmartBin.Gateway.Protocol.StatusMessage(true, ""), time.GetUtcNow());
        var live = state.Get(Bin)!;
        Assert.Equal(new LiveTelemetry(Msg.Start, 42, 9_000, -61, 3, 200, "scale-saturated", false), live.Telemetry);
        Assert.Equal("1.0.2", live.FirmwareVersion); // an empty fw does not erase the known one
        Assert.Equal(Msg.Start.AddSeconds(60), live.LastSeenUtc);
        state.OnConnection(Bin, true, Msg.Start); // late, out of order
        Assert.Equal(Msg.Start.AddSeconds(60), state.Get(Bin)!.LastSeenUtc);
    }

    [Fact]
    public void Drop_offs_today_count_per_local_day_and_reset_at_local_midnight()
    {
        var (state, time) = Make();
        time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 15, 59, 0, TimeSpan.Zero)); // 23:59 Shanghai
        state.OnDropOff(Bin, Msg.DropOff(1), Msg.Verdict(Bin, 1), time.GetUtcNow());
        state.OnDropOff(Bin, Msg.DropOff(2), Msg.Verdict(Bin, 2), time.GetUtcNow());
        Assert.Equal(2, state.Get(Bin)!.DropOffsToday);
        time.Advance(TimeSpan.FromMinutes(1)); // 00:00 next day, before any new drop-off
        Assert.Equal(0, state.Get(Bin)!.DropOffsToday);
        state.OnDropOff(Bin, Msg.DropOff(3), Msg.Verdict(Bin, 3), time.GetUtcNow());
        Assert.Equal(1, state.Snapshot().Single().DropOffsToday);
    }

    [Fact]
    public async Task Concurrent_drop_offs_are_all_counted()
    {
        var (state, time) = Make();
        var at = time.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                state.OnDropOff(Bin + "-" + (i % 4), Msg.DropOff(i), Msg.Verdict(Bin, i), at);
                state.OnTelemetry(Bin + "-" + (i % 4), Msg.Telemetry(), at);
            }
        })));
        Assert.Equal(4, state.Snapshot().Count);
        Assert.Equal(8 * 500, state.Snapshot().Sum(b => b.DropOffsToday));
    }
}
