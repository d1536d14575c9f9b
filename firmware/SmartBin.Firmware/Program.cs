using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SmartBin.Firmware.Adapters;
using SmartBin.Firmware.Core.Console;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware
{
    /// <summary>
    /// The bin controller on the ESP32: wires the core's <see cref="BinController"/> to the chips, the flash, the
    /// UARTs and the network, then runs the control loop. Mirrors firmware/SmartBin.Firmware.Virtual/VirtualBin.cs,
    /// with real peripherals instead of simulated ones. No decisions here: those live in the shared core.
    /// </summary>
    public static class Program
    {
        /// <summary>Firmware version reported in status and telemetry (keep in step with AssemblyInfo).</summary>
        public const string FirmwareVersion = "1.0.0";

        /// <summary>Config, outbox and CA certificate live here, on the internal flash drive.</summary>
        public const string StorageDirectory = "I:\\smartbin";

        /// <summary>Control-loop period, ms: the indicator's patterns need a tick every ≤ 20 ms.</summary>
        public const int LoopPeriodMs = 10;

        /// <summary>Controller tick period, ms: the pace the simulator runs the same controller at.</summary>
        public const long ControllerTickMs = 50;

        /// <summary>Incoming MQTT messages handled per loop iteration (the rest wait in the inbox).</summary>
        public const int MessagesPerLoopMax = 4;

        /// <summary>Entry point: boots and never returns.</summary>
        public static void Main()
        {
            var clock = new DeviceClock();
            var flash = new LittleFsFlash();
            flash.CreateDirectory(StorageDirectory);

            // Pins, Wi-Fi and broker come from the same settings the controller loads; read them once, first.
            var settings = new ConfigStore(flash, StorageDirectory);
            settings.Load();
            PinSetup.Apply(settings);

            var gpio = new GpioController();
            var readerReset = new GpioOutputPin(gpio, settings.GetInt("pins.rc522Rst"), true);
            var led = new GpioOutputPin(gpio, settings.GetInt("pins.led"), false);
            var buzzer = new GpioOutputPin(gpio, settings.GetInt("pins.buzzer"), false);
            var indicator = new IndicatorWiring(led, buzzer, clock);

            var scale = new Hx711(EspSpiBus.OpenScale(), clock, settings.GetInt("scale.sampleRateHz"), Hx711Gain.ChannelA128);
            var reader = new Mfrc522(EspSpiBus.OpenReader(settings.GetInt("pins.rc522Cs")), readerReset, clock);
            var distance = new UltrasonicFrameParser();
            var distanceUart = new UltrasonicUart(distance);
            var serial = new SerialConsole();

            var mqtt = new M2MqttTransport(MqttSettingsFrom(settings, flash));
            var platform = new DevicePlatform();
            var hardware = new BinHardware(clock, scale, reader, distance, flash, mqtt, indicator.Indicator, platform);
            var controller = new BinController(hardware, FirmwareVersion, StorageDirectory);
            var console = new CommandConsole(controller, serial);
            // First line after every start: tells the provisioning tool on the cable that the controller restarted.
            console.WriteBootBanner();

            var watchdog = new LoopWatchdog();
            watchdog.Start();
            new Connectivity(new WifiLink(settings.Get("wifi.ssid"), settings.Get("wifi.password")), mqtt, watchdog).Start();
            Run(controller, console, serial, distanceUart, mqtt, indicator, platform, watchdog, clock);
        }

        private static void Run(BinController controller, CommandConsole console, SerialConsole serial, UltrasonicUart distanceUart,
            M2MqttTransport mqtt, IndicatorWiring indicator, DevicePlatform platform, LoopWatchdog watchdog, DeviceClock clock)
        {
            long lastTickMs = clock.UptimeMs - ControllerTickMs;
            while (true)
            {
                watchdog.BeatMain();
                serial.Pump(console);
                distanceUart.Pump();
                DeliverMessages(controller, console, mqtt);
                long nowMs = clock.UptimeMs;
                if (nowMs - lastTickMs >= ControllerTickMs)
                {
                    lastTickMs = nowMs;
                    controller.Tick();
                }

                indicator.Tick();
                // After the tick and the console: a reboot the controller asked for happens with its reply sent.
                platform.RebootIfRequested();
                Thread.Sleep(LoopPeriodMs);
            }
        }

        private static void DeliverMessages(BinController controller, CommandConsole console, M2MqttTransport mqtt)
        {
            string topic;
            byte[] payload;
            for (int i = 0; i < MessagesPerLoopMax && mqtt.TryTake(out topic, out payload); i++)
            {
                controller.HandleMessage(topic, payload, payload.Length, console);
            }
        }

        private static MqttSettings MqttSettingsFrom(ConfigStore config, LittleFsFlash flash)
        {
            var mqtt = new MqttSettings();
            mqtt.Host = config.Get("mqtt.host");
            mqtt.Port = config.GetInt("mqtt.port");
            mqtt.Tls = config.GetBool("mqtt.tls");
            mqtt.BinId = config.Get("bin.id");
            mqtt.Secret = config.Get("mqtt.secret");
            // The CA the broker's certificate must chain to: installed over the console (`cert`), kept by the core's
            // CaCertificateStore as two self-checking copies, so it is read through that class, never as a plain file.
            byte[]? caPem = CaCertificateStore.ReadPem(flash, StorageDirectory);
            mqtt.CaCertificate = caPem == null ? null : new X509Certificate(caPem);
            if (!BinTopics.IsValidBinId(mqtt.BinId) || mqtt.Host.Length == 0 || (mqtt.Tls && mqtt.CaCertificate == null))
            {
                // Unprovisioned, or TLS without a CA to check the broker against: stay offline (the outbox keeps
                // every drop-off) rather than connect to an unauthenticated broker. The console still works.
                mqtt.Host = string.Empty;
                return mqtt;
            }

            var topics = new BinTopics(mqtt.BinId);
            mqtt.StatusTopic = topics.Status;
            mqtt.Subscriptions = new string[] { topics.Ack, topics.Command };
            var writer = new JsonWriter(ProtocolVersion.PayloadBytesMax);
            MessageCodecs.EncodeStatus(writer, false, FirmwareVersion);
            mqtt.WillPayload = Utf8.Decode(writer.Buffer, 0, writer.Length) ?? string.Empty;
            MessageCodecs.EncodeStatus(writer, true, FirmwareVersion);
            mqtt.BirthPayload = new byte[writer.Length];
            System.Array.Copy(writer.Buffer, mqtt.BirthPayload, writer.Length);
            return mqtt;
        }
    }
}
