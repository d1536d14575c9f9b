using System;
using System.Threading.Tasks;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using SmartBin.Simulator.Mqtt;

namespace SmartBin.Simulator
{
    /// <summary>
    /// One bin driven by a person or a tool on its console: like the device it writes a boot line at every start
    /// and connects to the broker named in its own saved settings (host, port, bin id, secret), so a bin
    /// provisioned over the console comes up on the network after <c>save</c> and <c>reboot</c>.
    /// </summary>
    internal sealed class ConsoleBin : IAsyncDisposable
    {
        private const long CardTapMs = 500;
        private readonly ConfiguredMqttTransport _mqtt;
        private readonly Action<string> _log;
        private int _bootsAnnounced;
        private long _cardRemoveAtMs = -1;

        public ConsoleBin(IFlashFileSystem flash, int seed, SimulatedLoadCellOptions? loadCell, bool chipLevel, Action<string> log, Action<string> consoleOut)
        {
            _log = log;
            _mqtt = new ConfiguredMqttTransport(log);
            Bin = new VirtualBin(flash, _mqtt, seed, chipLevel: chipLevel, loadCell: loadCell);
            Bin.Platform.HardwareId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"esp32-sim{seed:x6}");
            Bin.ConsoleReply += consoleOut;
            Bin.Distance.Empty();
        }

        public VirtualBin Bin { get; }

        public ConfiguredMqttTransport Mqtt => _mqtt;

        /// <summary>First start: boots, and when asked gives a fresh flash the demo identity (the old behaviour).</summary>
        public async Task StartAsync(string? demoBinId, string host, int port)
        {
            Bin.Boot();
            if (demoBinId is not null && !Bin.Controller.IsReady)
            {
                Bin.Provision(demoBinId, demoBinId.Split('-')[0], "PET", host, port);
                _log($"provisioned {demoBinId} for the demo (fresh flash): broker {host}:{port}");
            }

            await AnnounceBootAsync();
        }

        /// <summary>Feeds console bytes line by line; a reboot mid-buffer loses the rest, as the UART would.</summary>
        public async Task FeedAsync(byte[] data, int length)
        {
            int start = 0;
            for (int i = 0; i < length; i++)
            {
                if (data[i] is (byte)'\n' or (byte)'\r' || i == length - 1)
                {
                    Bin.Console.Feed(data, start, i + 1 - start);
                    start = i + 1;
                    if (Bin.Platform.RebootRequested)
                    {
                        Bin.Boot();
                        await AnnounceBootAsync();
                        return;
                    }
                }
            }
        }

        /// <summary>One control-loop tick: clock, incoming MQTT, the controller, pending card removal, boots.</summary>
        public async Task TickAsync()
        {
            // SNTP stand-in: simulated time may run faster than the wall clock, and the gateway refuses skewed clocks.
            Bin.Clock.SetUtc(DateTime.UtcNow);
            while (_mqtt.TryTakeIncoming(out IncomingMessage? message) && message is not null)
            {
                Bin.Deliver(message.Topic, message.Payload);
            }

            if (_cardRemoveAtMs >= 0 && Bin.Clock.UptimeMs >= _cardRemoveAtMs)
            {
                Bin.Cards.Remove();
                _cardRemoveAtMs = -1;
            }

            Bin.Run(VirtualBin.TickMs);
            await AnnounceBootAsync();
        }

        /// <summary>A card held to the reader for half a second.</summary>
        public void TapCard(string uidHex)
        {
            Bin.Cards.Present(uidHex);
            _cardRemoveAtMs = Bin.Clock.UptimeMs + CardTapMs;
        }

        /// <summary>Power-cycles the controller now.</summary>
        public async Task RebootAsync()
        {
            Bin.Boot();
            await AnnounceBootAsync();
        }

        public ValueTask DisposeAsync() => _mqtt.DisposeAsync();

        private async Task AnnounceBootAsync()
        {
            if (Bin.BootCount == _bootsAnnounced)
            {
                return;
            }

            _bootsAnnounced = Bin.BootCount;
            Bin.Console.WriteBootBanner();
            await _mqtt.UseAsync(EndpointFromSettings(Bin.Controller));
        }

        private static MqttEndpoint? EndpointFromSettings(BinController controller)
        {
            ConfigStore config = controller.Config;
            string host = config.Get("mqtt.host");
            if (controller.Topics is null || host.Length == 0)
            {
                return null;
            }

            string binId = controller.Topics.BinId;
            return new MqttEndpoint(host, config.GetInt("mqtt.port"), binId, binId, config.Get("mqtt.secret"));
        }
    }
}
