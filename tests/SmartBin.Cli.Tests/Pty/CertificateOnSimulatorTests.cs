using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;
using SmartBin.Cli.Tests.Fixtures;
using SmartBin.Cli.Tests.Protocol;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Cli.Tests.Pty
{
    /// <summary>
    /// The broker's CA reaching a simulated bin over a pty: `smartbin cert` and `smartbin provision` with a CA from the
    /// gateway. The simulated bin ignores TLS, but the certificate must land on its flash and `cert` must report it;
    /// a second run sends nothing.
    /// </summary>
    public sealed class CertificateOnSimulatorTests : IDisposable
    {
        private const string SimBinId = "baiyun-0001";
        private const string Key = "sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        private readonly ITestOutputHelper _log;
        private readonly string _dir = Directory.CreateTempSubdirectory("smartbin-cert-").FullName;

        public CertificateOnSimulatorTests(ITestOutputHelper log)
        {
            _log = log;
        }

        [Fact]
        public async Task Cert_installs_a_pem_file_and_a_second_run_sends_nothing()
        {
            string pemPath = Path.Combine(_dir, "ca.pem");
            string pem = CaCertificateTests.Pem("SmartBin Broker CA") + CaCertificateTests.Pem("SmartBin Intermediate");
            File.WriteAllText(pemPath, pem);
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd, "--data", Path.Combine(_dir, "flash"));

            CliRun first = await Run("cert", "--port", pty.ToolEnd, "--file", pemPath, "--timeout", "2");
            Assert.Equal(ExitCodes.Ok, first.ExitCode);
            Assert.Contains("written in", first.Out);
            Assert.Contains("the bin restarted to use it", first.Out);
            Assert.Contains("note: mqtt.tls is false", first.Out);

            byte[] expected = Encoding.ASCII.GetBytes(pem);
            Assert.Equal(expected, StoredPem());
            CliRun shown = await Run("cert", "--port", pty.ToolEnd, "--json", "--timeout", "2");
            using JsonDocument summary = JsonDocument.Parse(shown.Out);
            Assert.Equal(expected.Length, summary.RootElement.GetProperty("bytes").GetInt32());
            Assert.Equal(Crc32Ieee.Compute(expected).ToString("x8"), summary.RootElement.GetProperty("crc32").GetString());

            CliRun again = await Run("cert", "--port", pty.ToolEnd, "--file", pemPath, "--timeout", "2");
            Assert.Equal(ExitCodes.Ok, again.ExitCode);
            Assert.Contains("already on the bin: nothing sent", again.Out);
        }

        [Fact]
        public async Task Provision_writes_the_gateways_ca_sets_tls_and_port_and_skips_it_when_run_again()
        {
            string pem = CaCertificateTests.Pem("Gateway Broker CA");
            string secret = JsonSerializer.Serialize(new
            {
                binId = "xiahang-0007", secret = "s3cret-0123456789",
                mqtt = new { host = "127.0.0.1", port = 8883, tls = true, caCertificatePem = pem.Replace("\n", "\r\n") },
            });
            using var api = new FakeAdminApi((method, path) => (method, path) switch
            {
                ("GET", "/api/admin/v1/whoami") => (200, "{\"operator\":\"ops\",\"role\":\"admin\"}"),
                ("PUT", "/api/admin/v1/bins/xiahang-0007") => (201, "{\"binId\":\"xiahang-0007\",\"community\":\"xiahang\",\"material\":\"PET\",\"active\":true,\"hasSecret\":false}"),
                ("POST", "/api/admin/v1/bins/xiahang-0007/secret") => (200, secret),
                _ => (500, "{}"),
            });
            Environment.SetEnvironmentVariable("XDG_STATE_HOME", Path.Combine(_dir, "state"));
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd, "--data", Path.Combine(_dir, "flash"), "--seed", "4");
            string[] args =
            {
                "provision", "--port", pty.ToolEnd, "--bin-id", "xiahang-0007", "--community", "xiahang", "--material", "PET",
                "--gateway", api.Url, "--api-key", Key, "--connect-timeout", "1", "--timeout", "2", "--yes",
            };

            // No broker runs here, so the self-test ends it (exit 6) after the CA, the settings and the calibration.
            string first = await Provision(bin, args);
            Assert.Contains("broker CA CN=Gateway Broker CA", first);
            Assert.Contains("written in", first);
            byte[] expected = Encoding.ASCII.GetBytes(pem);
            Assert.Equal(expected, StoredPem());

            using (var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), 2000, 115200))
            {
                IReadOnlyDictionary<string, string> settings = client.Request("set").Fields();
                Assert.Equal("true", settings["mqtt.tls"]);
                Assert.Equal("8883", settings["mqtt.port"]);
                IReadOnlyDictionary<string, string> cert = client.Request("cert").Fields();
                Assert.Equal(expected.Length.ToString(), cert["bytes"]);
                Assert.Equal(Crc32Ieee.Compute(expected).ToString("x8"), cert["crc32"]);
            }

            string second = await Provision(bin, args);
            Assert.Contains("already on the bin: kept", second);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("XDG_STATE_HOME", null);
            Directory.Delete(_dir, recursive: true);
        }

        private async Task<string> Provision(SimulatedBinProcess bin, string[] args)
        {
            var output = new StringWriter();
            var io = new CliIo(new ScriptedOperatorInput(output, bin.DoAsync), output, output, InteractiveTerminal: false);
            int exit = await CliApp.RunAsync(args, io, CancellationToken.None);
            _log.WriteLine(output.ToString());
            Assert.Equal(ExitCodes.VerificationFailed, exit);
            Assert.Contains("self-test failed: broker offline", output.ToString());
            return output.ToString();
        }

        private async Task<CliRun> Run(params string[] args)
        {
            CliRun run = await CliRun.RunAsync(args);
            _log.WriteLine(run.Out + run.Err);
            return run;
        }

        private byte[]? StoredPem() => CaCertificateStore.ReadPem(new DirectoryFlashFileSystem(Path.Combine(_dir, "flash", SimBinId)), "smartbin");
    }
}
