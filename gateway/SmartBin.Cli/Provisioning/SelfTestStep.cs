using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SmartBin.Cli.Calibration;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Provisioning
{
    /// <summary>
    /// Step 5 of provisioning: the bin's own self-test after the restart that puts its new settings in force. Right
    /// after the restart the bin may answer before its scale or distance sensor has read anything (those parts say
    /// <c>starting</c>) and before it has logged in to the broker, so it is asked again every
    /// <see cref="PollMs"/> until every part has had its chance, within the wait; then judged once.
    /// </summary>
    internal sealed class SelfTestStep
    {
        public const int PollMs = 1000;
        private const string Starting = "starting";
        private readonly ConsoleClient _bin;
        private readonly IOperator _op;
        private readonly int _pollMs;

        public SelfTestStep(ConsoleClient bin, IOperator op, int pollMs = PollMs)
        {
            _bin = bin;
            _op = op;
            _pollMs = pollMs;
        }

        /// <summary>The record to store, or a <see cref="CliException"/> (exit 6) naming each failed part and a fix.</summary>
        public SelfTestRecord Run(int waitMs, BrokerAddress broker)
        {
            IReadOnlyDictionary<string, string> t = _bin.Request("selftest").Fields();
            for (int waitedMs = 0; !Settled(t) && waitedMs < waitMs; waitedMs += _pollMs)
            {
                Thread.Sleep(_pollMs);
                t = _bin.Request("selftest").Fields();
            }

            bool mqtt = t.GetValueOrDefault("mqtt") == "connected";
            var record = new SelfTestRecord(t.GetValueOrDefault("ok") == "true" && mqtt, t.GetValueOrDefault("scale", "?"), t.GetValueOrDefault("reader", "?"),
                t.GetValueOrDefault("distance", "?"), t.GetValueOrDefault("storage", "?"), mqtt ? "ok" : "offline");
            _op.Say($"[5/5] self-test: scale {record.Scale}, reader {record.Reader}, distance {record.Distance}, storage {record.Storage}, " +
                $"Wi-Fi and broker {(mqtt ? $"ok (logged in to {broker.Host}:{broker.Port} with the new secret)" : "offline")}");
            if (!record.Ok)
            {
                throw new CliException(ExitCodes.VerificationFailed, "self-test failed: " + Failed(record, t), Fix(record, broker));
            }

            return record;
        }

        private static bool Settled(IReadOnlyDictionary<string, string> t) =>
            t.GetValueOrDefault("mqtt") == "connected" && !t.Values.Contains(Starting);

        private static string Failed(SelfTestRecord s, IReadOnlyDictionary<string, string> t)
        {
            var parts = new List<string>();
            if (s.Scale == Starting) parts.Add("scale still starting (no reading from the HX711 within the wait)");
            else if (s.Scale != "ok") parts.Add("scale " + s.Scale + (t.GetValueOrDefault("scaleFault") is { Length: > 0 } fault ? $" ({fault})" : string.Empty));
            if (s.Reader != "ok") parts.Add("card reader " + s.Reader);
            if (s.Distance == "fail") parts.Add("distance sensor fail");
            if (s.Distance == Starting) parts.Add("distance sensor still starting (no frame within the wait)");
            if (s.Storage != "ok") parts.Add("storage " + s.Storage);
            if (s.Mqtt != "ok") parts.Add("broker offline");
            if (parts.Count == 0) parts.Add("the bin is not ready: " + string.Join(", ", t));
            return string.Join(", ", parts);
        }

        private static string Fix(SelfTestRecord s, BrokerAddress b) =>
            s.Mqtt != "ok"
                ? $"the bin could not log in to {b.Host}:{b.Port} within the wait: check the Wi-Fi name and password (--wifi-ssid, --wifi-password), that the bin's network reaches {b.Host}:{b.Port}, and the gateway's log for a refused login; then run the same provision command again"
                : s.Scale != "ok" ? "check the load cell and HX711 wiring (hardware-docs/pinout.md), then run the same provision command again"
                : s.Reader != "ok" ? "check the MFRC522 card reader's SPI wiring (hardware-docs/pinout.md), then run the same provision command again"
                : "check the failing part named above (hardware-docs/pinout.md), then run the same provision command again";
    }
}
