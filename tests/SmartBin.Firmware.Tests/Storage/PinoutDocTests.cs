using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.Firmware.Core.Storage;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>hardware-docs/pinout.md and the firmware's default pin settings say the same thing.</summary>
    public sealed class PinoutDocTests
    {
        [Fact]
        public void The_pinout_table_matches_the_firmware_pin_defaults()
        {
            string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "hardware-docs", "pinout.md"));
            var documented = lines
                .SkipWhile(l => !l.StartsWith("<!-- pinout:", StringComparison.Ordinal))
                .Skip(3)
                .TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal))
                .Select(l => l.Split('|'))
                .ToDictionary(cells => cells[2].Trim().Trim('`'), cells => cells[1].Trim());

            var firmware = ConfigSchema.Keys
                .Where(k => k.Name.StartsWith("pins.", StringComparison.Ordinal))
                .ToDictionary(k => k.Name, k => k.DefaultValue);

            Assert.NotEmpty(firmware);
            Assert.Equal(firmware.OrderBy(p => p.Key, StringComparer.Ordinal), documented.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}
