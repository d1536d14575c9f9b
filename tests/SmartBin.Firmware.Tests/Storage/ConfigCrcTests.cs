using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>A flipped bit in a config copy is caught by its CRC; the other copy carries the config.</summary>
    public sealed class ConfigCrcTests
    {
        private static InMemoryFlashFileSystem Saved(out string[] expected)
        {
            var fs = new InMemoryFlashFileSystem();
            var store = new ConfigStore(fs, "cfg");
            store.Load();
            Assert.True(store.TrySet("bin.id", "bin-crc", out _, out _));
            Assert.True(store.TrySet("wifi.ssid", "Café", out _, out _));
            store.Save();
            expected = ConfigModel.Dump(store);
            return fs;
        }

        [Theory]
        [InlineData("cfg/config.a")]
        [InlineData("cfg/config.b")]
        public void Every_single_bit_flip_in_one_copy_is_caught_and_the_other_copy_is_loaded(string copy)
        {
            var fs = Saved(out string[] expected);
            int bits = fs.ReadAll(copy)!.Length * 8;
            for (int bit = 0; bit < bits; bit++)
            {
                fs.FlipBit(copy, bit);
                var store = new ConfigStore(fs, "cfg");
                store.Load();
                fs.FlipBit(copy, bit);

                Assert.Equal(ConfigLoadOutcome.LoadedOtherCopyCorrupt, store.LoadOutcome);
                Assert.Equal(1, store.CorruptCopyCount);
                Assert.Equal(expected, ConfigModel.Dump(store));
            }
        }

        [Fact]
        public void Both_copies_corrupt_gives_defaults_and_says_so()
        {
            var fs = Saved(out _);
            fs.FlipBit("cfg/config.a", 100);
            fs.FlipBit("cfg/config.b", 200);

            var store = new ConfigStore(fs, "cfg");
            store.Load();

            Assert.Equal(ConfigLoadOutcome.AllCopiesCorrupt, store.LoadOutcome);
            Assert.Equal(2, store.CorruptCopyCount);
            Assert.Equal(ConfigModel.Defaults(), ConfigModel.Dump(store));
        }
    }
}
