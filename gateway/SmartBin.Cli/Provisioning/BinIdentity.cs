using System.Collections.Generic;
using System.Globalization;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Provisioning
{
    /// <summary>What the controller says about itself (<c>status</c> and <c>set</c>).</summary>
    internal sealed record BinIdentity(string Firmware, string HardwareId, string BinId, string Community, string Material, int CalibrationVersion,
        IReadOnlyDictionary<string, string> Status, IReadOnlyDictionary<string, string> Settings)
    {
        public static BinIdentity Read(ConsoleClient client)
        {
            IReadOnlyDictionary<string, string> status = client.Request("status").Fields();
            IReadOnlyDictionary<string, string> settings = client.Request("set").Fields();
            int.TryParse(settings.GetValueOrDefault("cal.version", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int calVersion);
            return new BinIdentity(status.GetValueOrDefault("fw", "?"), status.GetValueOrDefault("hw", "unknown"), settings.GetValueOrDefault("bin.id", string.Empty),
                settings.GetValueOrDefault("bin.community", string.Empty), settings.GetValueOrDefault("bin.material", string.Empty), calVersion, status, settings);
        }
    }
}
