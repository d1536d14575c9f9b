using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Gateway.TimeSeries.Sqlite;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public sealed class TimeSeriesRegistrationTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("smartbin-tsreg-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    private ServiceProvider Build(TimeSeriesBackend backend)
    {
        var options = new GatewayOptions();
        options.Storage.DataDirectory = dir;
        options.TimeSeries.Backend = backend;
        options.TimeSeries.Influx.Url = "http://127.0.0.1:8086";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new GatewayMetrics());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IBinObserver, OtherObserver>(); // e.g. the alert engine, registered by another folder
        services.AddSmartBinTimeSeries(options);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Sqlite_backend_registers_recorder_next_to_other_observers_writer_maintenance_and_reader()
    {
        using var provider = Build(TimeSeriesBackend.Sqlite);
        var observers = provider.GetServices<IBinObserver>().ToList();
        Assert.Equal(2, observers.Count);
        Assert.Same(provider.GetRequiredService<TimeSeriesRecorder>(), observers.OfType<TimeSeriesRecorder>().Single());
        Assert.IsType<SqliteTimeSeriesStore>(provider.GetRequiredService<ITimeSeriesReader>());
        var hosted = provider.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();
        Assert.Equal(["SqliteMaintenanceService", "TimeSeriesWriterService"], hosted);
        Assert.True(File.Exists(Path.Combine(dir, SqliteTimeSeriesStore.FileName)));
    }

    [Fact]
    public void Influx_backend_registers_outbox_sender_writer_and_influxql_reader()
    {
        using var provider = Build(TimeSeriesBackend.Influx);
        Assert.IsType<InfluxTimeSeriesReader>(provider.GetRequiredService<ITimeSeriesReader>());
        var hosted = provider.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();
        Assert.Equal(["InfluxSender", "TimeSeriesWriterService"], hosted);
        Assert.True(Directory.Exists(Path.Combine(dir, InfluxOutbox.Folder)));
    }

    private sealed class OtherObserver : IBinObserver
    {
        public void OnTelemetry(string binId, SmartBin.Gateway.Protocol.TelemetryMessage message, DateTimeOffset receivedUtc)
        {
        }

        public void OnStatus(string binId, SmartBin.Gateway.Protocol.StatusMessage message, DateTimeOffset receivedUtc)
        {
        }

        public void OnEvent(string binId, SmartBin.Gateway.Protocol.EventMessage message, DateTimeOffset receivedUtc)
        {
        }

        public void OnDropOff(string binId, SmartBin.Gateway.Protocol.DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc)
        {
        }

        public void OnConnection(string binId, bool connected, DateTimeOffset atUtc)
        {
        }
    }
}
