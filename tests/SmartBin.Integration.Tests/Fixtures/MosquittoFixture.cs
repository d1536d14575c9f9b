using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// A real mosquitto broker (Debian's) on a free loopback port, with its own config, started once per test class
    /// (or per test) and killed afterwards: anonymous without persistence by default, or <see cref="Secured"/>.
    /// </summary>
    public sealed class MosquittoFixture : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
        private readonly ExternalProcess _process;

        public MosquittoFixture()
            : this(_ => new[] { "allow_anonymous true", "persistence false" })
        {
        }

        private MosquittoFixture(Func<string, string[]> settings)
        {
            string binary = ServerBinaries.Require("mosquitto", "mosquitto");
            Directory = System.IO.Directory.CreateTempSubdirectory("smartbin-mosquitto-").FullName;
            Port = FreeTcpPort.Next();
            string configPath = Path.Combine(Directory, "mosquitto.conf");
            var lines = new List<string> { "per_listener_settings false", $"listener {Port} 127.0.0.1" };
            if (Environment.UserName == "root")
            {
                // Started as root, mosquitto drops to user 'mosquitto', which cannot read our 0600 files in /tmp.
                lines.Add("user root");
            }

            lines.AddRange(settings(Directory));
            lines.AddRange(new[] { "log_dest stdout", "log_type error", "log_type warning", "log_type notice", string.Empty });
            File.WriteAllText(configPath, string.Join('\n', lines));
            _process = ExternalProcess.Start(binary, new[] { "-c", configPath });
            WaitUntilListening();
        }

        /// <summary>
        /// A broker that requires a user name and password (<c>password_file</c>) and applies an <c>acl_file</c>,
        /// with persistence in its folder: the external-broker set-up the gateway's README describes.
        /// <paramref name="writeFiles"/> gets the broker's folder and returns the password and ACL file paths it wrote.
        /// </summary>
        /// <paramref name="extraSettings"/> are further mosquitto.conf lines (e.g. the README's <c>max_packet_size</c>).
        public static MosquittoFixture Secured(Func<string, (string PasswordFile, string AclFile)> writeFiles, params string[] extraSettings) =>
            new MosquittoFixture(directory =>
            {
                var (passwordFile, aclFile) = writeFiles(directory);
                System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
                return new[]
                {
                    "allow_anonymous false",
                    $"password_file {passwordFile}",
                    $"acl_file {aclFile}",
                    "persistence true",
                    $"persistence_location {Path.Combine(directory, "data")}{Path.DirectorySeparatorChar}",
                }.Concat(extraSettings).ToArray();
            });

        public string Host => "127.0.0.1";

        public int Port { get; }

        public string Directory { get; }

        public string Log => _process.Output;

        /// <summary>Sends SIGHUP, as <c>systemctl reload mosquitto</c> does: mosquitto re-reads its password and ACL files.</summary>
        public void Reload()
        {
            using var kill = System.Diagnostics.Process.Start("kill", new[] { "-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            kill.WaitForExit();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException("kill -HUP mosquitto failed with exit code " + kill.ExitCode);
            }
        }

        public void Dispose()
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        private void WaitUntilListening()
        {
            DateTime deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("mosquitto exited at start-up:\n" + _process.Output);
                }

                try
                {
                    using var client = new TcpClient();
                    client.Connect(Host, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            throw new TimeoutException($"mosquitto did not listen on {Port} within {StartTimeout}:\n{_process.Output}");
        }
    }
}
