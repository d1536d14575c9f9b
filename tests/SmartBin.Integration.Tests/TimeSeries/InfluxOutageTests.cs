using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.TimeSeries
{
    /// <summary>
    /// An InfluxDB outage and a gateway restart lose nothing: telemetry observed while influxd is killed waits in the
    /// durable outbox (also across a restart of the time series services), and arrives exactly once when influxd is back.
    /// Uses the services exactly as <c>AddSmartBinTimeSeries</c> registers them.
    /// </summary>
    public sealed class InfluxOutageTests : IClassFixture<InfluxDbFixture>, IDisposable
    {
        private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);
        private readonly InfluxDbFixture _influx;
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("smartbin-gw-outage-").FullName;

        public InfluxOutageTests(InfluxDbFixture influx)
        {
            _influx = influx;
        }

        public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

        [Fact]
        public async Task Points_written_during_an_outage_and_a_restart_arrive_exactly_once()
        {
            int observed = 0;
            await using (var gateway = await TimeSeriesServices.StartAsync(Options()))
            {
                observed = Observe(gateway.Observer, observed, 120);
                Assert.True(await InfluxPipeline.EventuallyAsync(() => Count() == observed, TimeSpan.FromSeconds(30)), "before the outage");

                _influx.Kill();
                observed = Observe(gateway.Observer, observed, 250);
                Assert.True(await InfluxPipeline.EventuallyAsync(() => gateway.Outbox.Lines == 250, TimeSpan.FromSeconds(30)),
                    $"outbox holds {gateway.Outbox.Lines} lines");
                Assert.True(await InfluxPipeline.EventuallyAsync(() => gateway.Metrics.Total("smartbin_tsdb_retries_total") >= 2, TimeSpan.FromSeconds(30)));
                Assert.Equal(250, gateway.Metrics.Value("smartbin_tsdb_outbox_lines"));
            }

            // The gateway restarts while InfluxDB is still down: the outbox comes back from disk.
            await using (var gateway = await TimeSeriesServices.StartAsync(Options()))
            {
                Assert.Equal(250, gateway.Outbox.Lines);
                observed = Observe(gateway.Observer, observed, 30);
                _influx.Start();
                Assert.True(await InfluxPipeline.EventuallyAsync(() => gateway.Outbox.Lines == 0, TimeSpan.FromSeconds(60)), "outbox drained");
                Assert.True(await InfluxPipeline.EventuallyAsync(() => Count() == observed, TimeSpan.FromSeconds(30)), $"{Count()} of {observed}");
                Assert.Equal(0, gateway.Metrics.Total("smartbin_tsdb_rejected_lines_total"));
            }

            Assert.Equal(400, observed);
            Assert.Equal(SumOfUptimes(observed), Sum());
        }

        private GatewayOptions Options()
        {
            var options = new GatewayOptions();
            options.Storage.DataDirectory = _dataDirectory;
            options.TimeSeries.Backend = TimeSeriesBackend.Influx;
            options.TimeSeries.Influx = InfluxPipeline.Options(_influx.Url);
            return options;
        }

        private static int Observe(IBinObserver observer, int first, int count)
        {
            for (int i = first; i < first + count; i++)
            {
                var at = Start.AddMilliseconds(i);
                var telemetry = new TelemetryMessage(at, i, 1_000 + i, true, i % 100, 500, false, -60, 40_000, 0, 200, "", true, "idle", 2, "1.0.0",
                    new TelemetryCounters(0, 0, 0, 0, 0, 0));
                observer.OnTelemetry($"bin-{i % 4}", telemetry, at);
            }

            return first + count;
        }

        private static long SumOfUptimes(int count) => Enumerable.Range(0, count).Sum(i => (long)i);

        private long Count() => Scalar("SELECT count(\"uptime_s\") FROM \"bin_telemetry\"");

        private long Sum() => Scalar("SELECT sum(\"uptime_s\") FROM \"bin_telemetry\"");

        private long Scalar(string influxQl)
        {
            try
            {
                var series = InfluxQueryResult.Parse(_influx.Query(influxQl));
                return series.Count == 0 ? 0 : Convert.ToInt64(series[0].Rows[0][1]);
            }
            catch (System.Net.Http.HttpRequestException)
            {
                return -1; // influxd down
            }
        }

        /// <summary>The time series services from the gateway's registration, started like the host starts them.</summary>
        private sealed class TimeSeriesServices : IAsyncDisposable
        {
            private readonly ServiceProvider _provider;
            private readonly List<IHostedService> _hosted;

            private TimeSeriesServices(ServiceProvider provider)
            {
                _provider = provider;
                _hosted = provider.GetServices<IHostedService>().ToList();
            }

            public IBinObserver Observer => _provider.GetServices<IBinObserver>().OfType<TimeSeriesRecorder>().Single();

            public InfluxOutbox Outbox => _provider.GetRequiredService<InfluxOutbox>();

            public GatewayMetrics Metrics => _provider.GetRequiredService<GatewayMetrics>();

            public static async Task<TimeSeriesServices> StartAsync(GatewayOptions options)
            {
                var services = new ServiceCollection();
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
                services.AddSingleton(new GatewayMetrics());
                services.AddSingleton(TimeProvider.System);
                services.AddSmartBinTimeSeries(options);
                var started = new TimeSeriesServices(services.BuildServiceProvider());
                foreach (var hosted in started._hosted)
                {
                    await hosted.StartAsync(CancellationToken.None);
                }

                return started;
            }

            public async ValueTask DisposeAsync()
            {
                foreach (var hosted in Enumerable.Reverse(_hosted))
                {
                    await hosted.StopAsync(CancellationToken.None);
                }

                await _provider.DisposeAsync();
            }
        }
    }
}
