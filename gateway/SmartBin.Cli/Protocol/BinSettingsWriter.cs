using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SmartBin.Cli.Protocol
{
    /// <summary>One setting to write; secrets are compared only as set/unset when read back.</summary>
    internal sealed record BinSetting(string Key, string Value, bool IsSecret = false);

    /// <summary>What writing settings did.</summary>
    internal sealed record WriteOutcome(int Written, int BacklogLines, int Verified, int Rounds);

    /// <summary>
    /// Writes settings to a bin as one staged change: <c>set</c> commands in as few backlog lines as fit, then reads
    /// every setting back, compares the non-secret ones (secrets only show as set), and only then <c>save</c>s. If the
    /// bin restarted anywhere in between (boot line seen, or its uptime went backwards) the staged values are gone
    /// and the whole change is written again, so the bin never keeps half of it.
    /// </summary>
    internal sealed class BinSettingsWriter
    {
        public const int RoundsMax = 3;
        private readonly ConsoleClient _client;

        public BinSettingsWriter(ConsoleClient client)
        {
            _client = client;
        }

        public WriteOutcome WriteVerifySave(IReadOnlyList<BinSetting> settings)
        {
            var commands = settings.Select(s => BacklogPacker.SetCommand(s.Key, s.Value)).ToList();
            IReadOnlyList<IReadOnlyList<string>> batches = BacklogPacker.Pack(commands);
            for (int round = 1; round <= RoundsMax; round++)
            {
                int reboots = _client.Reboots;
                long uptimeBeforeS = UptimeS();
                foreach (IReadOnlyList<string> batch in batches)
                {
                    IReadOnlyList<ConsoleReplyText> replies = batch.Count == 1 ? new[] { _client.Request(batch[0]) } : _client.Backlog(batch);
                    ThrowOnRefusal(batch, replies);
                }

                IReadOnlyDictionary<string, string> readBack = _client.Request("set").Fields();
                if (_client.Reboots != reboots || UptimeS() < uptimeBeforeS)
                {
                    continue;
                }

                CheckReadBack(settings, readBack);
                ConsoleReplyText saved = _client.Request("save");
                if (!saved.IsOk)
                {
                    throw new CliException(ExitCodes.SerialOrBin, $"the bin could not save its settings: {saved.Text}",
                        "run the command again; if it keeps failing the controller's flash may be worn: `smartbin console` → `status`");
                }

                if (_client.Reboots == reboots)
                {
                    return new WriteOutcome(settings.Count, batches.Count, settings.Count, round);
                }
            }

            throw new CliException(ExitCodes.SerialOrBin, $"the bin on {_client.PortName} restarted during every attempt to write its settings",
                "check its power supply, then run the command again");
        }

        private long UptimeS()
        {
            IReadOnlyDictionary<string, string> status = _client.Request("status").Fields();
            return status.TryGetValue("uptimeS", out string? text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : 0;
        }

        private static void ThrowOnRefusal(IReadOnlyList<string> batch, IReadOnlyList<ConsoleReplyText> replies)
        {
            for (int i = 0; i < replies.Count; i++)
            {
                if (replies[i].IsError && replies[i].ErrorCode != "backlog-aborted")
                {
                    string command = batch[Math.Min(i, batch.Count - 1)];
                    string key = command.Split(' ', 3)[1];
                    throw new CliException(ExitCodes.Usage, $"the bin refused {key}: {replies[i].ErrorCode} {replies[i].ErrorMessage}",
                        $"correct the value for {key} (docs/console.md lists each setting's range) and run the command again; nothing was saved");
                }
            }

            if (replies.Count != batch.Count)
            {
                throw new CliException(ExitCodes.SerialOrBin, $"the bin answered {replies.Count} of {batch.Count} commands",
                    "run the command again; nothing was saved");
            }
        }

        private static void CheckReadBack(IReadOnlyList<BinSetting> settings, IReadOnlyDictionary<string, string> readBack)
        {
            var wrong = new List<string>();
            foreach (BinSetting s in settings)
            {
                string expected = s.IsSecret ? (s.Value.Length > 0 ? "***" : string.Empty) : s.Value;
                string actual = readBack.TryGetValue(s.Key, out string? v) ? v : "(missing)";
                if (actual != expected)
                {
                    wrong.Add($"{s.Key}: wrote '{expected}', bin has '{actual}'");
                }
            }

            if (wrong.Count > 0)
            {
                throw new CliException(ExitCodes.VerificationFailed, "read-back differs from what was written: " + string.Join("; ", wrong),
                    "nothing was saved; run the command again, and if the same key differs, check the bin's firmware version supports it");
            }
        }
    }
}
