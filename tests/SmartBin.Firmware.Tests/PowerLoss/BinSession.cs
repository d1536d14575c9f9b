using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Tests.Console;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>
    /// A bin's working life in one script, at bin level: the real controller and console on a <see cref="VirtualBin"/>
    /// with simulated time, in-memory flash and an in-memory MQTT link to an <see cref="AckingGateway"/>.
    /// Provisioning, a CA install, calibration, drop-offs with acks, a gateway setting, two drop-offs offline, a reboot
    /// with them queued, the reconnect, a collection and a last drop-off. Deterministic: the same script writes the
    /// same bytes at the same write points every run, so a replay cut at point k has the uncut run's past.
    /// </summary>
    internal sealed class BinSession
    {
        public const string BinId = "powerloss-01";

        /// <summary>The card the check after the cut drops off with (no scripted drop-off uses it).</summary>
        public const string AfterCutCard = "04CAFE00";

        /// <summary>Bound on the one-second rounds waited for an outbox to drain.</summary>
        public const int SettleRoundsMax = 60;

        private const int Seed = 5;
        private const long GatewayPumpMs = 250;

        /// <summary>The CA the script installs: made once, so every replay writes the same bytes.</summary>
        public static readonly Lazy<byte[]> CaPem = new(() => Encoding.ASCII.GetBytes(TestCertificates.CaPem("Power-loss CA")));

        /// <summary>The script, step by step; a step's name is stamped on the writes it makes.</summary>
        public static readonly (string Name, Action<BinSession> Run)[] Steps =
        [
            ("boot", s => s.Bin.Boot()),
            ("provision", s => s.Provision()),
            ("ca-install", s => s.InstallCa()),
            ("boot-2", s => s.Reboot()),
            ("calibrate", s => s.Calibrate()),
            ("boot-3", s => s.Reboot()),
            ("drop-off-1", s => s.DropOff("04A1B2C3", 1200)),
            ("drop-off-2", s => s.DropOff("04D4E5F6", 800)),
            ("gateway-set", s => s.GatewaySet()),
            ("drop-off-3-offline", s => s.Offline(() => s.DropOff("04112233", 650))),
            ("drop-off-4-offline", s => s.DropOff("04556677", 900)),
            ("boot-4-offline", s => s.Reboot()),
            ("reconnect", s => s.Reconnect()),
            ("collection", s => s.Collect()),
            ("drop-off-5", s => s.DropOff("04A1B2C3", 1500)),
            ("settle", s => s.Settle()),
        ];

        public BinSession()
        {
            Flash = new RecordingFlash(new InMemoryFlashFileSystem());
            Bin = new VirtualBin(Flash, Mqtt, Seed);
            Gateway = new AckingGateway(Mqtt, BinId);
        }

        public RecordingFlash Flash { get; }

        public InMemoryMqttLink Mqtt { get; } = new();

        public VirtualBin Bin { get; }

        public AckingGateway Gateway { get; }

        /// <summary>Times the bin showed Done (a drop-off safely queued) so far.</summary>
        public int DoneShownCount => Bin.Indicator.History.Count(p => p == IndicatorPattern.Done);

        /// <summary>Runs the whole script; throws <see cref="PowerLossException"/> where the flash was armed to cut.</summary>
        public void RunScript()
        {
            foreach ((string name, Action<BinSession> run) in Steps)
            {
                Flash.Step = name;
                run(this);
            }
        }

        /// <summary>
        /// After a cut: power back, the resident gone, the network up, and the bin boots from what the flash holds.
        /// </summary>
        public void RebootAfterCut()
        {
            Flash.Inner.Reboot();
            Bin.Cards.Remove();
            Mqtt.IsConnected = true;
            Flash.Step = "boot-after-cut";
            Bin.Boot();
            Flash.Step = "after-cut";
        }

        /// <summary>Runs until the outbox is empty and no session is open (bounded by <see cref="SettleRoundsMax"/>).</summary>
        public void Settle()
        {
            for (int round = 0; round < SettleRoundsMax; round++)
            {
                Advance(1000);
                bool quiet = Bin.Controller.Outbox.Count == 0 && !Bin.Controller.Session.IsActive;
                if (quiet && round >= 2)
                {
                    return;
                }
            }
        }

        /// <summary>Runs the bin with the gateway answering every <see cref="GatewayPumpMs"/>.</summary>
        public void Advance(long durationMs)
        {
            for (long doneMs = 0; doneMs < durationMs; doneMs += GatewayPumpMs)
            {
                Bin.Run(Math.Min(GatewayPumpMs, durationMs - doneMs));
                Gateway.Pump(Bin);
            }
        }

        /// <summary>A resident's visit: tap, take the card away, drop, tap again to close.</summary>
        public void DropOff(string card, int grams)
        {
            Bin.Cards.Present(card);
            Advance(300);
            Bin.Cards.Remove();
            Advance(1500);
            Bin.LoadCell.AddLoadGrams(grams);
            Advance(3000);
            Bin.Cards.Present(card);
            Advance(300);
            Bin.Cards.Remove();
            Advance(2000);
        }

        private void Provision()
        {
            Console($"backlog set bin.id {BinId}; set bin.community baiyun; set bin.material PET; set mqtt.host 127.0.0.1; set mqtt.port 1883; set mqtt.secret sim-secret");
            Console("save");
        }

        private void InstallCa()
        {
            byte[] pem = CaPem.Value;
            Console($"cert begin {pem.Length} {TestCertificates.Crc(pem):x8}");
            foreach (string chunk in ConsoleCertificateTests.Chunks(pem, 150))
            {
                Console("cert add " + chunk);
            }

            Console("cert end");
        }

        private void Calibrate()
        {
            Bin.LoadCell.SetLoadGrams(0);
            Advance(2000);
            Console("calibrate clear");
            Console("calibrate 0");
            Bin.LoadCell.SetLoadGrams(10_000);
            Advance(2500);
            Console("calibrate 10000");
            Bin.LoadCell.SetLoadGrams(0);
            Advance(2000);
            Console("calibrate done");
            Console("save");
        }

        private void Reboot()
        {
            Console("reboot");
            Advance(2000);
        }

        private void GatewaySet()
        {
            Gateway.Command(Bin, "{\"v\":1,\"id\":\"c-1\",\"cmd\":\"set\",\"key\":\"telemetry.intervalS\",\"value\":\"120\"}");
            Advance(500);
        }

        private void Offline(Action then)
        {
            Mqtt.IsConnected = false;
            then();
        }

        private void Reconnect()
        {
            Mqtt.IsConnected = true;
            Advance(3000);
        }

        private void Collect()
        {
            Bin.LoadCell.SetLoadGrams(0);
            Advance(6000);
        }

        private void Console(string line)
        {
            foreach (string reply in Bin.Type(line))
            {
                if (reply.StartsWith("error", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"'{line}' failed: {reply}");
                }
            }
        }
    }
}
