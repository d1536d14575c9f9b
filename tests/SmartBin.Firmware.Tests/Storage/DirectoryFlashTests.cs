using System;
using System.IO;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>The simulator's --data flash: a bin kept in a folder survives a restart.</summary>
    public sealed class DirectoryFlashTests : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("smartbin-flash-").FullName;

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Fact]
        public void A_provisioned_bin_is_still_provisioned_after_a_restart()
        {
            // The controller names its files relative to the flash root ("smartbin/config.a"): they must land in the
            // bin's folder, whatever the working directory is.
            string folder = Path.Combine(_root, "bins", "baiyun-0001");
            var first = new VirtualBin(new DirectoryFlashFileSystem(folder), new InMemoryMqttLink(), seed: 3);
            first.Boot();
            Assert.False(first.Controller.IsReady);
            first.Provision("baiyun-0001", "baiyun", "PET", "127.0.0.1", 1883);
            Assert.True(first.Controller.IsReady);

            var again = new VirtualBin(new DirectoryFlashFileSystem(folder), new InMemoryMqttLink(), seed: 3);
            again.Boot();
            Assert.True(again.Controller.IsReady);
            Assert.NotEmpty(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Paths_that_leave_the_flash_folder_are_refused()
        {
            var flash = new DirectoryFlashFileSystem(Path.Combine(_root, "bin-a"));
            Assert.Throws<ArgumentException>(() => flash.CreateDirectory("../bin-b"));
            Assert.Throws<ArgumentException>(() => flash.CreateDirectory(Path.Combine(_root, "bin-b")));
            flash.CreateDirectory("smartbin");
            Assert.True(Directory.Exists(Path.Combine(_root, "bin-a", "smartbin")));
        }
    }
}
