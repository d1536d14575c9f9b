using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>
    /// The operator's serial console (docs/console.md): bytes in, one machine-readable reply line per command
    /// out. Also runs the gateway's MQTT commands through the same code, so both paths behave the same.
    /// </summary>
    public sealed class CommandConsole
    {
        /// <summary>Most commands in one backlog.</summary>
        public const int BacklogCommandsMax = 16;

        /// <summary>Longest request id.</summary>
        public const int RequestIdLengthMax = 16;

        /// <summary>Reply buffer, bytes: room for every setting in one JSON line.</summary>
        public const int ReplyBytesMax = 2048;

        private static readonly char[] Semicolon = new char[] { ';' };

        private readonly BinController _controller;
        private readonly IConsoleOutput _output;
        private readonly LineAssembler _lines = new LineAssembler();
        private readonly ConsoleReply _reply = new ConsoleReply(ReplyBytesMax);
        private readonly JsonWriter _line = new JsonWriter(ReplyBytesMax + RequestIdLengthMax + 2);
        private readonly JsonWriter _remote = new JsonWriter(ProtocolVersion.PayloadBytesMax);
        private readonly CommandMessage _command = new CommandMessage();
        private readonly ConsoleCommands _commands;

        /// <summary>Creates the console for a controller.</summary>
        public CommandConsole(BinController controller, IConsoleOutput output)
        {
            _controller = controller;
            _output = output;
            _commands = new ConsoleCommands(controller, _reply);
        }

        /// <summary>Lines rejected before they could run (too long, control bytes, bad UTF-8).</summary>
        public int RejectedLineCount
        {
            get { return _lines.RejectedCount; }
        }

        /// <summary>Feeds received bytes.</summary>
        public void Feed(byte[] data, int offset, int length)
        {
            for (int i = offset; i < offset + length; i++)
            {
                int result = _lines.Push(data[i]);
                if (result == LineAssembler.LineReady)
                {
                    Execute(_lines.Line);
                }
                else if (result == LineAssembler.LineRejected)
                {
                    _controller.RejectedConsoleLineCount = _lines.RejectedCount;
                    _reply.Error(_lines.RejectCode, RejectMessage(_lines.RejectCode));
                    Emit(string.Empty);
                }
            }
        }

        /// <summary>Runs one command line and writes its reply line(s).</summary>
        public void Execute(string line)
        {
            string prefix = string.Empty;
            string text = line.Trim();
            if (text.Length > 0 && text[0] == '@')
            {
                int space = text.IndexOf(' ');
                string id = space < 0 ? text.Substring(1) : text.Substring(1, space - 1);
                if (!IsValidRequestId(id))
                {
                    _reply.Error("bad-id", "request id must be 1-16 of A-Z a-z 0-9 - _");
                    Emit(string.Empty);
                    return;
                }

                prefix = "@" + id + " ";
                text = space < 0 ? string.Empty : text.Substring(space + 1).Trim();
            }

            string name = FirstWord(text).ToLower();
            if (name == "backlog")
            {
                RunBacklog(text.Substring(name.Length).Trim(), prefix);
                return;
            }

            _commands.Run(text);
            Emit(prefix);
        }

        /// <summary>
        /// Writes the boot line <c>{"boot":"smartbin","fw":…,"hw":…,"bin":…}</c> (no request id): called once at start-up,
        /// it tells a tool on the cable that the controller restarted and that requests it was waiting on are lost.
        /// </summary>
        public void WriteBootBanner()
        {
            JsonWriter w = _reply.Json;
            _reply.Begin();
            w.BeginObject(null);
            w.WriteString("boot", "smartbin");
            w.WriteString("fw", _controller.FirmwareVersion);
            w.WriteString("hw", _controller.Hardware.Platform.HardwareId);
            w.WriteString("bin", _controller.Topics == null ? string.Empty : _controller.Topics.BinId);
            w.EndObject();
            _output.WriteLine(w.Buffer, w.Overflowed ? 0 : w.Length);
        }

        /// <summary>
        /// Runs a command from the gateway (already parsed) and publishes its result on <paramref name="resultTopic"/>.
        /// Identity and credential settings cannot be changed this way, nor the broker's CA (<c>cert</c>).
        /// </summary>
        public void ExecuteRemote(JsonReader reader, string resultTopic)
        {
            string? error = _command.ReadFrom(reader);
            string value = string.Empty;
            if (error != null)
            {
                _reply.Error(error, "malformed command");
            }
            else if (_command.Name == "set" && !ConsoleCommands.IsRemotelySettable(_command.Key))
            {
                _reply.Error("not-remote", "identity and credentials change only over the serial console");
            }
            else if (!ConsoleCommands.IsRemotelyRunnable(_command.Name))
            {
                _reply.Error("not-remote", _command.Name + " runs only on the serial console");
            }
            else
            {
                _commands.RunRemote(_command.Name, _command.Key, _command.Value, out value);
            }

            if (_reply.Failed)
            {
                _controller.CountRejectedCommand();
            }

            bool ok = !_reply.Failed;
            string code = _reply.ErrorCode;
            string message = _reply.ErrorMessage;
            MessageCodecs.EncodeCommandResult(_remote, _command.Id, ok, code, message, value);
            if (!_remote.Overflowed)
            {
                _controller.Hardware.Mqtt.Publish(resultTopic, _remote.Buffer, _remote.Length, 1, false);
            }

            _commands.AfterReply();
        }

        private void RunBacklog(string rest, string prefix)
        {
            string[] parts = rest.Split(Semicolon);
            if (rest.Length == 0 || parts.Length > BacklogCommandsMax)
            {
                _reply.Error("bad-args", "backlog <c1>; <c2>; ... (1-16 commands)");
                Emit(prefix);
                return;
            }

            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i].Trim();
                if (part.Length == 0)
                {
                    // A trailing or doubled ';' is harmless: nothing to run, nothing to reply.
                    continue;
                }

                if (FirstWord(part).ToLower() == "backlog")
                {
                    _reply.Error("bad-args", "backlog cannot be nested");
                }
                else
                {
                    _commands.Run(part);
                }

                bool failed = _commands.LastFailed;
                Emit(prefix);
                if (failed && i + 1 < parts.Length)
                {
                    _reply.Error("backlog-aborted", (parts.Length - i - 1).ToString() + " not run");
                    Emit(prefix);
                    return;
                }
            }
        }

        private void Emit(string prefix)
        {
            _line.Reset();
            _line.WriteText(prefix);
            byte[] body = _reply.Json.Buffer;
            int bodyLength = _reply.Json.Overflowed ? 0 : _reply.Json.Length;
            if (_reply.Json.Overflowed)
            {
                _line.WriteText("error too-long reply does not fit");
            }

            System.Array.Copy(body, 0, _line.Buffer, _line.Length, bodyLength);
            _output.WriteLine(_line.Buffer, _line.Length + bodyLength);
            _commands.AfterReply();
        }

        private static string FirstWord(string text)
        {
            int space = text.IndexOf(' ');
            return space < 0 ? text : text.Substring(0, space);
        }

        private static bool IsValidRequestId(string id)
        {
            if (id.Length == 0 || id.Length > RequestIdLengthMax)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static string RejectMessage(string code)
        {
            if (code == "too-long")
            {
                return "line exceeds " + LineAssembler.MaxLineBytes.ToString() + " bytes";
            }

            return code == "bad-char" ? "line holds control bytes" : "line is not valid UTF-8";
        }
    }
}
