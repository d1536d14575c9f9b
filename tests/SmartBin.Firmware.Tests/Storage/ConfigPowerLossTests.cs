using System.Collections.Generic;
using System.Linq;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>
    /// Acceptance: power lost at every flash write of the config store, each way a write can tear: Load gives the
    /// complete old config or the complete new one, never a mix, and never defaults once a save has completed.
    /// </summary>
    public sealed class ConfigPowerLossTests(ITestOutputHelper output)
    {
        private const string Dir = "cfg";

        [Theory]
        [MemberData(nameof(TearSeeds.All), MemberType = typeof(TearSeeds))]
        public void A_cut_at_any_write_point_of_a_save_leaves_the_old_or_the_new_config_whole(int tearSeed)
        {
            var counting = new InMemoryFlashFileSystem();
            ConfigWorkload.Run(counting, new ConfigModel());
            int writePoints = counting.WritePointCount;
            Assert.True(writePoints >= 10, "five saves of two copies each");

            for (int cut = 1; cut <= writePoints; cut++)
            {
                var fs = new InMemoryFlashFileSystem();
                var model = new ConfigModel();
                fs.ArmPowerLoss(cut, tearSeed);
                Assert.Throws<PowerLossException>(() => ConfigWorkload.Run(fs, model));
                fs.Reboot();

                output.WriteLine($"{fs.LastCut}: {Verify(fs, model)}");
            }
        }

        private static string Verify(InMemoryFlashFileSystem fs, ConfigModel model)
        {
            var store = new ConfigStore(fs, Dir);
            store.Load();
            string[] loaded = ConfigModel.Dump(store);
            string[] old = model.Completed.Count > 0 ? model.Completed[^1] : ConfigModel.Defaults();

            bool isOld = loaded.SequenceEqual(old);
            bool isNew = model.InFlight != null && loaded.SequenceEqual(model.InFlight);
            Assert.True(isOld || isNew, "loaded config is neither the old nor the new one");
            Assert.Equal(model.Completed.Count + (isOld ? 0 : 1), store.Generation);
            if (model.Completed.Count > 0)
            {
                Assert.NotEqual(ConfigLoadOutcome.AllCopiesCorrupt, store.LoadOutcome);
                Assert.NotEqual(ConfigLoadOutcome.NothingStored, store.LoadOutcome);
            }

            Assert.True(store.TrySet("bin.id", "bin-after", out _, out _));
            store.Save();
            var again = new ConfigStore(fs, Dir);
            again.Load();
            Assert.Equal(ConfigLoadOutcome.Loaded, again.LoadOutcome);
            Assert.Equal(ConfigModel.Dump(store), ConfigModel.Dump(again));
            return $"{(isOld ? "old" : "new")} config, generation {store.Generation - 1}, {store.LoadOutcome}";
        }
    }

    /// <summary>The configs the workload saved, and the one it was saving when the power went.</summary>
    internal sealed class ConfigModel
    {
        public List<string[]> Completed { get; } = [];

        public string[]? InFlight { get; set; }

        public static string[] Dump(ConfigStore store) =>
            Enumerable.Range(0, store.KeyCount).Select(i => store.KeyAt(i) + "=" + store.Get(store.KeyAt(i))).ToArray();

        public static string[] Defaults() => Dump(new ConfigStore(new InMemoryFlashFileSystem(), "x"));
    }

    /// <summary>Provisioning, calibration, a restart, a secret, a factory reset and re-provisioning.</summary>
    internal static class ConfigWorkload
    {
        public static void Run(InMemoryFlashFileSystem fs, ConfigModel model)
        {
            var store = new ConfigStore(fs, "cfg");
            store.Load();
            Save(store, model, ("bin.id", "bin-001"), ("wifi.ssid", "Town Hall"), ("wifi.password", "correct horse"),
                ("mqtt.port", "8883"), ("mqtt.tls", "true"));
            Save(store, model, ("scale.maxGrams", "60000"), ("cal.factor", "421.75"), ("cal.offset", "-1234.5"), ("cal.version", "1"));

            store = new ConfigStore(fs, "cfg");
            store.Load();
            Save(store, model, ("mqtt.secret", "s3cr3t"), ("fill.emptyMm", "1500"), ("fill.fullMm", "1200"));

            model.InFlight = ConfigModel.Defaults();
            store.FactoryReset();
            model.Completed.Add(model.InFlight);
            model.InFlight = null;

            Save(store, model, ("bin.id", "bin-002"), ("bin.material", "PET"));
        }

        private static void Save(ConfigStore store, ConfigModel model, params (string Key, string Value)[] changes)
        {
            foreach (var (key, value) in changes)
            {
                Assert.True(store.TrySet(key, value, out string code, out _), code);
            }

            model.InFlight = ConfigModel.Dump(store);
            store.Save();
            model.Completed.Add(model.InFlight);
            model.InFlight = null;
        }
    }
}
