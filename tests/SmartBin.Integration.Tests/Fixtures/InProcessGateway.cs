using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using SmartBin.Gateway;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// The real gateway host (GatewayApp.Build, the same path as Program.Main) in this process: embedded broker and
    /// web on free loopback ports, SQLite in a temp folder, demo fleet seeded (bins baiyun-0001…, secrets "sim-"+id).
    /// </summary>
    public sealed class InProcessGateway : IAsyncDisposable
    {
        private InProcessGateway(WebApplication app, string dataDirectory, int mqttPort, int httpPort)
        {
            App = app;
            DataDirectory = dataDirectory;
            MqttPort = mqttPort;
            HttpPort = httpPort;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        }

        public WebApplication App { get; }

        public IServiceProvider Services => App.Services;

        public string DataDirectory { get; }

        public int MqttPort { get; }

        public int HttpPort { get; }

        public HttpClient Http { get; }

        /// <summary>Starts a gateway; <paramref name="extra"/> adds or overrides configuration keys.</summary>
        public static async Task<InProcessGateway> StartAsync(int demoBins = 4, IReadOnlyDictionary<string, string?>? extra = null, string? dataDirectory = null)
        {
            string data = dataDirectory ?? Directory.CreateTempSubdirectory("smartbin-gateway-").FullName;
            int mqttPort = FreeTcpPort.Next();
            int httpPort = FreeTcpPort.Next();
            var settings = new Dictionary<string, string?>
            {
                ["Urls"] = $"http://127.0.0.1:{httpPort}",
                ["SmartBin:Mqtt:Embedded:BindAddress"] = "127.0.0.1",
                ["SmartBin:Mqtt:Embedded:Port"] = mqttPort.ToString(CultureInfo.InvariantCulture),
                ["SmartBin:Storage:DataDirectory"] = data,
                ["SmartBin:Seed:DemoFleet"] = "true",
                ["SmartBin:Seed:DemoBins"] = demoBins.ToString(CultureInfo.InvariantCulture),
                ["SmartBin:Seed:DemoSeed"] = "1",
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            WebApplication app = GatewayApp.Build(Array.Empty<string>(), settings);
            await app.StartAsync();
            return new InProcessGateway(app, data, mqttPort, httpPort);
        }

        /// <summary>The demo card of resident <paramref name="index"/> at demo bin number <paramref name="binIndex"/> (seed 1).</summary>
        public static string DemoCard(int binIndex, int index) => SmartBin.Gateway.Storage.StorageSeeds.DemoCardUid(1 + binIndex, index);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
