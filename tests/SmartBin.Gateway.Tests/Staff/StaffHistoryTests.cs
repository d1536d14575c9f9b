using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>
/// The bin history API when the time-series store is InfluxDB and InfluxDB does not answer (the fault schedule stops
/// it): a 503 problem the page turns into its "history unavailable" text, not an unhandled 500; the rest of the
/// dashboard, which reads SQLite, keeps working.
/// </summary>
public sealed class StaffHistoryTests
{
    [Fact]
    public async Task History_with_influxdb_unreachable_is_a_503_problem_and_the_bin_list_still_answers()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?>
        {
            ["SmartBin:TimeSeries:Backend"] = "Influx",
            ["SmartBin:TimeSeries:Influx:Url"] = $"http://127.0.0.1:{ClosedPort().ToString(CultureInfo.InvariantCulture)}",
            ["SmartBin:TimeSeries:Influx:TimeoutMs"] = "2000",
        });
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);

        using var history = await bai.GetAsync("/staff/api/bins/baiyun-0001/history?hours=24");
        var problem = JsonDocument.Parse(await history.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.Equal("time series unavailable", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("127.0.0.1", problem.GetRawText(), System.StringComparison.Ordinal); // no internal address
        Assert.Equal(HttpStatusCode.OK, (await bai.GetAsync("/staff/api/bins")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bai.GetAsync("/staff/api/bins/xiahang-0001/history?hours=24")).StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
