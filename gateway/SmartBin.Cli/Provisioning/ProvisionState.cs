using System;
using System.IO;
using System.Text.Json;
using SmartBin.Cli.Calibration;
using SmartBin.Cli.Gateway;

namespace SmartBin.Cli.Provisioning
{
    /// <summary>
    /// What a provisioning run has done so far, kept in <c>$XDG_STATE_HOME/smartbin/provision-&lt;binId&gt;.json</c>
    /// (default <c>~/.local/state/smartbin</c>) until the gateway has stored the provisioning record. A run
    /// interrupted anywhere is resumed from it: the same record id (so the gateway never stores two records for one
    /// run), a calibration already done and saved on the bin, and a finished record waiting only to be posted.
    /// </summary>
    internal sealed class ProvisionState
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

        public string BinId { get; set; } = string.Empty;

        public string RecordId { get; set; } = string.Empty;

        public string StartedUtc { get; set; } = string.Empty;

        public string? Operator { get; set; }

        /// <summary>The calibration this run saved on the bin (its <c>cal.version</c> tells whether it is still there).</summary>
        public CalibrationResult? Calibration { get; set; }

        /// <summary>The finished record, stored here before it is posted so a retry posts the very same body.</summary>
        public ProvisioningRecord? PendingRecord { get; set; }

        /// <summary>The folder holding state files.</summary>
        public static string Directory()
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            string root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".local", "state")
                : xdg;
            return Path.Combine(root, "smartbin");
        }

        public static string PathFor(string binId) => Path.Combine(Directory(), $"provision-{binId}.json");

        /// <summary>The interrupted run's state, or a new one with a fresh record id.</summary>
        public static ProvisionState LoadOrStart(string binId, DateTimeOffset now, out bool resumed)
        {
            string path = PathFor(binId);
            resumed = File.Exists(path);
            if (resumed)
            {
                try
                {
                    ProvisionState? state = JsonSerializer.Deserialize<ProvisionState>(File.ReadAllText(path), Json);
                    if (state is not null && state.BinId == binId && Guid.TryParse(state.RecordId, out _))
                    {
                        return state;
                    }
                }
                catch (JsonException e)
                {
                    throw new CliException(ExitCodes.Other, $"the provisioning state file {path} is damaged ({e.Message})",
                        "delete it and run provision again (the gateway keeps one bin row whatever happens; only the interrupted run's record id is lost)");
                }
            }

            resumed = false;
            return new ProvisionState { BinId = binId, RecordId = Guid.NewGuid().ToString(), StartedUtc = Utc(now) };
        }

        /// <summary>Writes the state atomically (temporary file, then rename).</summary>
        public void Save()
        {
            string path = PathFor(BinId);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            string temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
            File.Move(temp, path, overwrite: true);
        }

        public void Delete() => File.Delete(PathFor(BinId));

        public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
