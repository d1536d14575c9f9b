using System;
using System.IO;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>The simulated flashes do what the tests and the simulator rely on.</summary>
    public sealed class FlashFileSystemTests
    {
        [Theory]
        [InlineData(0, "torn at 0 bytes", 0)]
        [InlineData(1, "torn at 9 bytes", 9)]
        [InlineData(2, "torn at 5 bytes", 5)]
        [InlineData(4, "not started", 3)]
        public void A_cut_write_leaves_a_prefix_chosen_by_the_seed_and_then_everything_fails_until_reboot(int seed, string how, int bytesLeft)
        {
            var fs = new InMemoryFlashFileSystem();
            fs.CreateDirectory("d");
            fs.Write("d/f", [1, 2, 3], 3);
            fs.ArmPowerLoss(3, seed);

            var cut = Assert.Throws<PowerLossException>(() => fs.Write("d/f", new byte[10], 10));

            Assert.Equal($"cut at write 3 (Write d/f (10 bytes), {how})", cut.Message);
            Assert.Throws<PowerLossException>(() => fs.ReadAll("d/f"));
            Assert.Throws<PowerLossException>(() => fs.Delete("d/f"));
            fs.Reboot();
            Assert.Equal(bytesLeft, fs.ReadAll("d/f")!.Length);
            Assert.Equal(["CreateDirectory d", "Write d/f (3 bytes)", "Write d/f (10 bytes)"], fs.OperationLog);
            Assert.Equal(3, fs.WritePointCount);
        }

        [Theory]
        [InlineData(0, new byte[] { 1 }, new byte[] { 2 })]
        [InlineData(1, new byte[] { 1 }, null)]
        [InlineData(2, null, new byte[] { 1 })]
        public void A_cut_rename_is_not_done_or_deletes_the_target_first_or_is_done(int seed, byte[]? source, byte[]? target)
        {
            var fs = new InMemoryFlashFileSystem();
            fs.CreateDirectory("d");
            fs.Write("d/new", [1], 1);
            fs.Write("d/old", [2], 1);
            fs.ArmPowerLoss(4, seed);

            Assert.Throws<PowerLossException>(() => fs.Rename("d/new", "d/old"));
            fs.Reboot();

            Assert.Equal(source, fs.ReadAll("d/new"));
            Assert.Equal(target, fs.ReadAll("d/old"));
        }

        [Fact]
        public void Files_go_only_into_existing_directories_and_list_only_their_own()
        {
            var fs = new InMemoryFlashFileSystem();
            Assert.Throws<DirectoryNotFoundException>(() => fs.Write("d/f", [1], 1));
            Assert.Throws<FileNotFoundException>(() => fs.Rename("x", "y"));

            fs.CreateDirectory("I:\\ob");
            fs.Write("I:\\ob\\r0.rec", [1], 1);
            fs.Write("I:\\top", [1], 1);

            Assert.Equal(["I:\\ob\\r0.rec"], fs.List("I:\\ob"));
            Assert.Equal(["I:\\top"], fs.List("I:\\"));
        }

        [Theory]
        [InlineData("I:\\", "seq.a", "I:\\seq.a")]
        [InlineData("I:", "seq.a", "I:\\seq.a")]
        [InlineData("I:\\outbox", "r1.rec", "I:\\outbox\\r1.rec")]
        [InlineData("/var/bin", "r1.rec", "/var/bin/r1.rec")]
        [InlineData("/var/bin/", "r1.rec", "/var/bin/r1.rec")]
        [InlineData("outbox", "r1.rec", "outbox/r1.rec")]
        public void Paths_join_with_the_directory_s_own_separator(string directory, string name, string expected)
        {
            Assert.Equal(expected, StoragePath.Join(directory, name));
            Assert.Equal(name, StoragePath.FileName(expected));
        }

        [Fact]
        public void Names_with_separators_are_refused()
        {
            Assert.Throws<ArgumentException>(() => StoragePath.Join("I:\\", "a\\b"));
            Assert.Throws<ArgumentException>(() => StoragePath.Join("I:\\", "a/b"));
        }

        [Fact]
        public void A_bin_on_a_host_directory_keeps_its_outbox_and_config_across_restarts()
        {
            string root = Path.Combine(Path.GetTempPath(), "smartbin-flash-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fs = new DirectoryFlashFileSystem(root);
                string outboxDir = Path.Combine(fs.Root, "outbox");
                var outbox = new Outbox(fs, outboxDir, 4, 16);
                outbox.Open();
                long seq = outbox.ReserveSequence();
                Assert.True(outbox.TryAppend(seq, OutboxKind.DropOff, [1, 2, 3], 3));
                Assert.True(outbox.TryAppend(outbox.ReserveSequence(), OutboxKind.Event, [4], 1));
                Assert.True(outbox.Acknowledge(seq));
                var config = new ConfigStore(fs, fs.Root);
                config.Load();
                Assert.True(config.TrySet("bin.id", "sim-01", out _, out _));
                config.Save();

                var restarted = new DirectoryFlashFileSystem(root);
                var reopened = new Outbox(restarted, outboxDir, 4, 16);
                reopened.Open();
                var reloaded = new ConfigStore(restarted, restarted.Root);
                reloaded.Load();

                Assert.Equal([(2L, OutboxKind.Event)], OutboxTests.ReadAll(reopened).ConvertAll(e => (e.Sequence, e.Kind)));
                Assert.Equal(3, reopened.ReserveSequence());
                Assert.Equal("sim-01", reloaded.Get("bin.id"));
                Assert.Throws<ArgumentException>(() => restarted.Write(Path.Combine(root, "..", "escape"), [1], 1));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
