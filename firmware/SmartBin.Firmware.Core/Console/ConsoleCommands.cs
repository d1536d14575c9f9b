using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>
    /// The console's commands (docs/console.md). Each writes exactly one reply into the shared writer:
    /// a JSON object, <c>ok</c>, or <c>error &lt;code&gt; &lt;message&gt;</c>.
    /// </summary>
    public sealed class ConsoleCommands
    {
        private static readonly string[] Names = new string[]
        {
            "help", "status", "weight", "tare", "calibrate", "card", "outbox", "selftest", "set", "save", "reboot", "factory-reset", "cert", "backlog",
        };

        private readonly BinController _c;
        private readonly ConsoleReply _r;
        private readonly JsonWriter _w;
        private readonly ConsoleSettingsCommands _settings;
        private readonly ConsoleCalibration _calibration;
        private readonly ConsoleCertificate _certificate;
        private bool _rebootAfterReply;

        /// <summary>Creates the commands over a controller, writing replies into <paramref name="reply"/>.</summary>
        public ConsoleCommands(BinController controller, ConsoleReply reply)
        {
            _c = controller;
            _r = reply;
            _w = reply.Json;
            _settings = new ConsoleSettingsCommands(controller.Config, reply);
            _calibration = new ConsoleCalibration(controller, reply);
            _certificate = new ConsoleCertificate(controller.CaCertificate, reply);
        }

        /// <summary>True when the last reply was an error.</summary>
        public bool LastFailed
        {
            get { return _r.Failed; }
        }

        /// <summary>
        /// True for settings the gateway may change over MQTT: not identity, Wi-Fi or broker credentials,
        /// so a compromised gateway account cannot take a bin off the network or impersonate another.
        /// </summary>
        public static bool IsRemotelySettable(string key)
        {
            return !(key.StartsWith("bin.") || key.StartsWith("wifi.") || key.StartsWith("mqtt."));
        }

        /// <summary>
        /// True for commands the gateway may run over MQTT. Not <c>cert</c>: the CA decides which broker the bin trusts,
        /// so, like the broker credentials, it changes only over the serial console.
        /// </summary>
        public static bool IsRemotelyRunnable(string name)
        {
            return name != "cert";
        }

        /// <summary>Runs one command (no request id, no backlog).</summary>
        public void Run(string text)
        {
            int space = text.IndexOf(' ');
            string name = (space < 0 ? text : text.Substring(0, space)).ToLower();
            string args = space < 0 ? string.Empty : text.Substring(space + 1).Trim();
            _r.Begin();
            if (args.Length > 0 && TakesNoArguments(name))
            {
                _r.Error("bad-args", name + " takes no arguments");
                return;
            }

            switch (name)
            {
                case "help": Help(); break;
                case "status": Status(); break;
                case "weight": Weight(); break;
                case "tare": Tare(); break;
                case "calibrate": _calibration.Run(args); break;
                case "card": Card(); break;
                case "outbox": OutboxState(); break;
                case "selftest": SelfTest(); break;
                case "set": _settings.Set(args); break;
                case "save": _settings.Save(); break;
                case "reboot": Reboot(); break;
                case "factory-reset": FactoryReset(args); break;
                case "cert": _certificate.Run(args); break;
                case "": _r.Error("bad-args", "empty command"); break;
                default: _r.Error("unknown-command", name.Length > 32 ? name.Substring(0, 32) : name); break;
            }
        }

        /// <summary>
        /// Runs a gateway command; the reply holds the outcome and <paramref name="value"/> the result value.
        /// <c>set</c> is saved at once, since nobody will type <c>save</c> afterwards.
        /// </summary>
        public void RunRemote(string name, string key, string newValue, out string value)
        {
            value = string.Empty;
            _r.Begin();
            if (name == "set")
            {
                if (_c.Config.IsDirty)
                {
                    // Saving would also write what an operator staged at the console, identity included.
                    _r.Error("busy", "unsaved changes from the serial console; save or reboot the bin first");
                    return;
                }

                if (_settings.SetValue(key, newValue))
                {
                    _settings.Save();
                    if (_r.Failed)
                    {
                        // Refused whole (e.g. a conflict): a value left staged would be written by the console's
                        // next save and make every later remote set answer busy (found by fuzzing).
                        _c.Config.Revert();
                    }
                }

                value = _r.Failed ? string.Empty : _c.Config.Describe(key);
                return;
            }

            if (name == "get")
            {
                if (!_c.Config.IsKey(key))
                {
                    _r.Error(ConfigError.UnknownKey, key);
                    return;
                }

                value = _c.Config.Describe(key);
                return;
            }

            if (name == "reader-reset")
            {
                if (!_c.Hardware.Reader.Reset())
                {
                    _r.Error(FaultCodes.ReaderDown, "reader does not answer after reset");
                }

                return;
            }

            if (!IsRemotelyRunnable(name))
            {
                _r.Error("not-remote", name + " runs only on the serial console");
                return;
            }

            Run(name);
            value = _r.Failed ? string.Empty : _r.Text();
        }

        private static bool TakesNoArguments(string name)
        {
            return name == "help" || name == "status" || name == "weight" || name == "tare" || name == "card"
                || name == "outbox" || name == "selftest" || name == "save" || name == "reboot";
        }

        /// <summary>Called after a reply has been written out: performs a pending reboot.</summary>
        public void AfterReply()
        {
            if (_rebootAfterReply)
            {
                _rebootAfterReply = false;
                _c.Hardware.Platform.RequestReboot();
            }
        }

        private void Help()
        {
            _w.BeginObject(null);
            _w.BeginArray("commands");
            for (int i = 0; i < Names.Length; i++)
            {
                _w.WriteStringItem(Names[i]);
            }

            _w.EndArray();
            _w.EndObject();
        }

        private void Status()
        {
            TelemetrySnapshot t = _c.Snapshot();
            _w.BeginObject(null);
            _w.WriteString("bin", _c.Topics == null ? string.Empty : _c.Topics.BinId);
            _w.WriteString("fw", t.FirmwareVersion);
            _w.WriteString("hw", _c.Hardware.Platform.HardwareId);
            _w.WriteBool("ready", _c.IsReady);
            _w.WriteBool("serviceMode", _c.ServiceMode);
            _w.WriteString("session", t.SessionState);
            _w.WriteInt("weightG", t.WeightGrams);
            _w.WriteBool("stable", t.Stable);
            _w.WriteString("scaleFault", t.ScaleFault);
            _w.WriteBool("readerOk", t.ReaderOk);
            _w.WriteInt("fillPct", t.FillPercent);
            _w.WriteBool("full", t.Full);
            _w.WriteInt("outboxDepth", t.OutboxDepth);
            _w.WriteInt("outboxCap", t.OutboxCapacity);
            _w.WriteBool("mqtt", _c.Hardware.Mqtt.IsConnected);
            _w.WriteInt("calVersion", t.CalibrationVersion);
            _w.WriteInt("uptimeS", t.UptimeSeconds);
            _w.WriteInt("rejectedLines", t.RejectedConsoleLines);
            _w.WriteInt("rejectedMessages", t.RejectedMessages);
            _w.EndObject();
        }

        private void Weight()
        {
            _w.BeginObject(null);
            _w.WriteInt("weightG", _c.Weighing.GrossGrams);
            _w.WriteBool("stable", _c.Weighing.IsStable);
            _w.WriteInt("raw", GramsRounding.RoundHalfAwayFromZero(_c.Weighing.AverageCounts));
            _w.WriteString("fault", FaultCodes.ForScale(_c.Weighing.Fault));
            _w.EndObject();
        }

        private void Tare()
        {
            string? error;
            if (_c.Weighing.TrySetZero(_c.Hardware.Clock.UptimeMs, out error))
            {
                _r.Ok();
                return;
            }

            string code = error ?? WeighingPipeline.ErrorUnstable;
            _r.Error(code, code == WeighingPipeline.ErrorOutOfZeroRange ? "zero only within 4 % of Max" : "wait for a stable reading");
        }

        private void Card()
        {
            _w.BeginObject(null);
            _w.WriteString("card", _c.Cards.LastCardUid);
            long ageS = _c.Cards.LastCardUid.Length == 0 ? 0 : (_c.Hardware.Clock.UptimeMs - _c.Cards.LastArrivalMs) / 1000;
            _w.WriteInt("ageS", ageS);
            _w.EndObject();
        }

        private void OutboxState()
        {
            Outbox o = _c.Outbox;
            _w.BeginObject(null);
            _w.WriteInt("depth", o.Count);
            _w.WriteInt("capacity", o.Capacity);
            _w.WriteInt("nextSeq", o.LastReservedSequence + 1);
            _w.WriteInt("oldestSeq", o.Count > 0 ? o.SequenceAt(0) : 0);
            _w.WriteInt("corrupt", o.CorruptRecordCount);
            _w.EndObject();
        }

        private void SelfTest()
        {
            // A part that has not had its chance since boot is "starting", not "fail": a tool asking right after a
            // reboot waits for it instead of reporting a healthy bin as broken.
            string scale = _c.Weighing.HasReading && _c.Weighing.Fault == ScaleFault.None ? "ok"
                : _c.Weighing.IsStarting ? "starting" : "fail";
            bool readerOk = _c.Hardware.Reader.IsHealthy;
            string distance = _c.CheckDistance();
            bool storageOk = _c.Config.Generation >= 0 && _c.Outbox.CorruptRecordCount == 0;
            bool mqtt = _c.Hardware.Mqtt.IsConnected;
            _w.BeginObject(null);
            _w.WriteBool("ok", scale == "ok" && readerOk && (distance == "ok" || distance == "absent") && storageOk && _c.IsReady);
            _w.WriteString("scale", scale);
            if (scale == "fail")
            {
                _w.WriteString("scaleFault", FaultCodes.ForScale(_c.Weighing.Fault));
            }

            _w.WriteString("reader", readerOk ? "ok" : "fail");
            _w.WriteString("distance", distance);
            _w.WriteString("storage", storageOk ? "ok" : "fail");
            _w.WriteString("mqtt", mqtt ? "connected" : "offline");
            _w.WriteBool("calibrated", _c.Weighing.Calibration.Version > 0);
            _w.EndObject();
        }

        private void Reboot()
        {
            _r.Ok();
            _rebootAfterReply = true;
        }

        private void FactoryReset(string args)
        {
            if (args != "yes")
            {
                _r.Error("confirm-required", "type factory-reset yes: erases settings and queued messages");
                return;
            }

            _c.Config.FactoryReset();
            _c.Outbox.Clear();
            _r.Ok();
            _rebootAfterReply = true;
        }
    }
}
