using System;
using System.IO;
using System.Threading.Tasks;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.TimeSeries
{
    /// <summary>A batch InfluxDB refuses (400, here a field type conflict) is set aside and counted; later batches keep flowing.</summary>
    public sealed class InfluxRejectionTests : IClassFixture<InfluxDbFixture>, IDisposable
    {
        private const long T0 = 1_795_000_000_000_000_000;
        private readonly InfluxDbFixture _influx;
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("smartbin-gw-reject-").FullName;

        public InfluxRejectionTests(InfluxDbFixture influx)
        {
            _influx = influx;
        }

        public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

        private static TimeSeriesPoint P(string measurement, FieldValue value, long offsetNs) =>
            new(measurement, new[] { new System.Collections.Generic.KeyValuePair<string, string>("bin", "b1") },
                new[] { new System.Collections.Generic.KeyValuePair<string, FieldValue>("v", value) }, T0 + offsetNs);

        [Fact]
        public async Task A_refused_batch_is_set_aside_with_the_servers_error_and_the_rest_keep_flowing()
        {
            await using var pipeline = new InfluxPipeline(InfluxPipeline.Options(_influx.Url), _dataDirectory, new GatewayMetrics());
            await pipeline.WriteAsync(new[] { P("conflict", FieldValue.Of(1L), 0) });
            Assert.True(await InfluxPipeline.EventuallyAsync(() => pipeline.Outbox.Lines == 0, TimeSpan.FromSeconds(30)));

            // Same field, now a string: InfluxDB 1.x answers 400 "partial write: field type conflict".
            await pipeline.WriteAsync(new[] { P("conflict", FieldValue.Of("text"), 1), P("flowing", FieldValue.Of(1L), 1) });
            Assert.True(await InfluxPipeline.EventuallyAsync(() => pipeline.Outbox.Lines == 0, TimeSpan.FromSeconds(30)));
            await pipeline.WriteAsync(new[] { P("flowing", FieldValue.Of(2L), 2) });
            Assert.True(await InfluxPipeline.EventuallyAsync(() => pipeline.Outbox.Lines == 0, TimeSpan.FromSeconds(30)));

            Assert.Equal(2.0, pipeline.Metrics.Value("smartbin_tsdb_rejected_lines_total", ("status", "400")));
            Assert.Equal(0, pipeline.Metrics.Total("smartbin_tsdb_retries_total"));
            string rejected = File.ReadAllText(pipeline.Outbox.RejectedFile);
            Assert.Contains("HTTP 400", rejected, StringComparison.Ordinal);
            Assert.Contains("field type conflict", rejected, StringComparison.Ordinal);
            Assert.Contains($"conflict,bin=b1 v=\"text\" {T0 + 1}\n", rejected, StringComparison.Ordinal);

            var flowing = InfluxQueryResult.Parse(_influx.Query("SELECT \"v\" FROM \"flowing\" WHERE time = " + (T0 + 2)));
            Assert.Equal(2L, Assert.Single(Assert.Single(flowing).Rows)[1]);
            var readBack = await pipeline.Reader.ReadAsync(
                new SeriesQuery("b1", "conflict", "v", TimeSeriesPoint.FromUnixNanoseconds(T0 - 1_000), TimeSeriesPoint.FromUnixNanoseconds(T0 + 1_000), SeriesResolution.Raw),
                default);
            Assert.Equal(1.0, Assert.Single(readBack).Last);
        }
    }
}
