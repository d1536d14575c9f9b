using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;

namespace SmartBin.Integration.Tests.TimeSeries
{
    /// <summary>
    /// The gateway's InfluxDB write path as the host wires it (durable outbox, HTTP writer, sender loop) over a temp
    /// data directory, with fast retry settings so outage tests finish quickly.
    /// </summary>
    internal sealed class InfluxPipeline : IAsyncDisposable
    {
        private readonly InfluxSender _sender;
        private readonly InfluxHttp _http;

        public InfluxPipeline(InfluxOptions options, string dataDirectory, GatewayMetrics metrics)
        {
            Metrics = metrics;
            Outbox = new InfluxOutbox(dataDirectory, options.BatchLines, metrics, NullLogger.Instance);
            _http = new InfluxHttp(options, TimeProvider.System);
            Reader = new InfluxTimeSeriesReader(_http);
            _sender = new InfluxSender(Outbox, _http, options, metrics, TimeProvider.System, NullLogger<InfluxSender>.Instance);
            _sender.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        public InfluxOutbox Outbox { get; }

        public GatewayMetrics Metrics { get; }

        public ITimeSeriesReader Reader { get; }

        public static InfluxOptions Options(string url, InfluxApi api = InfluxApi.V1) => new()
        {
            Url = url,
            Api = api,
            Database = Fixtures.InfluxDbFixture.Database,
            Org = "smartbin",
            Bucket = "smartbin",
            BatchLines = 100,
            FlushIntervalMs = 50,
            RetryMinMs = 50,
            RetryMaxMs = 400,
            TimeoutMs = 3_000,
        };

        public Task WriteAsync(IReadOnlyList<TimeSeriesPoint> points) => Outbox.WriteAsync(points, CancellationToken.None);

        public Task<string> QueryAsync(string influxQl) => _http.QueryAsync(influxQl, post: false, CancellationToken.None);

        /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
        public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(50);
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _sender.StopAsync(CancellationToken.None);
            _sender.Dispose();
            _http.Dispose();
            Outbox.Dispose();
        }
    }
}
