using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.TimeSeries
{
    /// <summary>The V2 write path (<c>/api/v2/write</c>, gzip) against a real VictoriaMetrics, read back through its export API.</summary>
    public sealed class VictoriaMetricsTests : IClassFixture<VictoriaMetricsFixture>, IDisposable
    {
        private readonly VictoriaMetricsFixture _vm;
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("smartbin-gw-vm-").FullName;

        public VictoriaMetricsTests(VictoriaMetricsFixture vm)
        {
            _vm = vm;
        }

        public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

        [Fact]
        public async Task Line_protocol_over_api_v2_write_is_accepted_and_reads_back()
        {
            // VictoriaMetrics keeps a month by default and stores milliseconds: recent, whole-millisecond times.
            long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var points = Enumerable.Range(0, 20).Select(i => new TimeSeriesPoint(
                "bin_telemetry",
                new[] { new KeyValuePair<string, string>("bin", "baiyun-0007"), new KeyValuePair<string, string>("place", "gate 2, row=3") },
                new[]
                {
                    new KeyValuePair<string, FieldValue>("weight_g", FieldValue.Of(13_000L + i)),
                    new KeyValuePair<string, FieldValue>("fill_pct", FieldValue.Of(40L + i)),
                    new KeyValuePair<string, FieldValue>("stable", FieldValue.Of(i % 2 == 0)),
                    new KeyValuePair<string, FieldValue>("temp_c", FieldValue.Of(21.5 + i)),
                },
                (nowMs - 60_000 + i * 1_000) * 1_000_000)).ToList();

            await using (var pipeline = new InfluxPipeline(InfluxPipeline.Options(_vm.Url, InfluxApi.V2), _dataDirectory, new GatewayMetrics()))
            {
                await pipeline.WriteAsync(points);
                Assert.True(await InfluxPipeline.EventuallyAsync(() => pipeline.Outbox.Lines == 0, TimeSpan.FromSeconds(30)), _vm.Log);
                Assert.Equal(20, pipeline.Metrics.Total("smartbin_tsdb_written_lines_total"));
            }

            var expected = new Dictionary<string, double[]>
            {
                ["bin_telemetry_weight_g"] = points.Select(p => (double)p.Fields[0].Value.Integer).ToArray(),
                ["bin_telemetry_fill_pct"] = points.Select(p => (double)p.Fields[1].Value.Integer).ToArray(),
                ["bin_telemetry_stable"] = points.Select(p => p.Fields[2].Value.Boolean ? 1.0 : 0.0).ToArray(),
                ["bin_telemetry_temp_c"] = points.Select(p => p.Fields[3].Value.Float).ToArray(),
            };
            long[] expectedMs = points.Select(p => p.TimestampNs / 1_000_000).ToArray();
            var actual = new Dictionary<string, JsonElement>();
            Assert.True(await InfluxPipeline.EventuallyAsync(() => Export(actual) == expected.Count, TimeSpan.FromSeconds(30)), _vm.Log);
            foreach (var (name, values) in expected)
            {
                var series = actual[name];
                Assert.Equal("baiyun-0007", series.GetProperty("metric").GetProperty("bin").GetString());
                Assert.Equal("gate 2, row=3", series.GetProperty("metric").GetProperty("place").GetString());
                Assert.Equal(values, series.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
                Assert.Equal(expectedMs, series.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()));
            }
        }

        private int Export(Dictionary<string, JsonElement> series)
        {
            series.Clear();
            foreach (string line in _vm.Export("{__name__=~\"bin_telemetry_.*\"}").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var element = JsonDocument.Parse(line).RootElement.Clone();
                if (element.GetProperty("values").GetArrayLength() == 20)
                {
                    series[element.GetProperty("metric").GetProperty("__name__").GetString()!] = element;
                }
            }

            return series.Count;
        }
    }
}
