using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.EndToEnd
{
    /// <summary>The started gateway reports itself ready part by part, and serves its metrics.</summary>
    public sealed class GatewayHealthTests
    {
        [Fact]
        public async Task Ready_lists_ledger_mqtt_ingest_and_alerts_and_metrics_are_served()
        {
            await using var gateway = await InProcessGateway.StartAsync(demoBins: 2);
            var live = await gateway.Http.GetAsync("health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            var ready = await gateway.Http.GetAsync("health/ready");
            string body = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
            using JsonDocument doc = JsonDocument.Parse(body);
            var checks = doc.RootElement.GetProperty("checks").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ready").GetBoolean());
            Assert.Equal(new[] { "alert-store", "ingest", "ledger", "mqtt" }, checks.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(checks.Values, Assert.True);
            Assert.Contains($"plain {gateway.MqttPort}", body, StringComparison.Ordinal);

            string metrics = await gateway.Http.GetStringAsync("metrics");
            Assert.Contains("# TYPE smartbin_alerts_open gauge", metrics, StringComparison.Ordinal);
            Assert.Contains("smartbin_process_uptime_seconds", metrics, StringComparison.Ordinal);
        }
    }
}
