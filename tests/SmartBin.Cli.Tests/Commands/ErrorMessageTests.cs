using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SmartBin.Cli.Serial;
using SmartBin.Cli.Tests.Fixtures;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Cli.Tests.Commands
{
    /// <summary>Each failure the issue names gets its exit code, a message naming the problem, and the fix.</summary>
    public sealed class ErrorMessageTests
    {
        private const string Key = "sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        [Fact]
        public async Task A_wrong_port_names_the_device_and_points_at_smartbin_ports()
        {
            CliRun run = await CliRun.RunAsync("calibrate", "--port", "/dev/ttyUSB-not-there");
            Assert.Equal(ExitCodes.SerialOrBin, run.ExitCode);
            Assert.Contains("error: no such serial device: /dev/ttyUSB-not-there", run.Err);
            Assert.Contains("fix: run `smartbin ports`", run.Err);
        }

        [Fact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public async Task Permission_denied_on_the_tty_says_to_join_dialout()
        {
            using var pty = new PtyPair();
            string device = pty.ToolDevice;
            File.SetUnixFileMode(device, UnixFileMode.None);
            if (CanStillOpen(device))
            {
                // Running as root: mode 000 does not stop us, so check the mapping of the OS's refusal instead.
                CliException mapped = SerialErrors.ForOpen(device, new UnauthorizedAccessException("Access to the path is denied."));
                Assert.Equal(ExitCodes.SerialOrBin, mapped.ExitCode);
                Assert.Equal($"permission denied opening {device}", mapped.Message);
                Assert.Contains("dialout", mapped.Fix);
                Assert.Contains("usermod -aG dialout", mapped.Fix);
                return;
            }

            CliRun run = await CliRun.RunAsync("console", "--port", device);
            Assert.Equal(ExitCodes.SerialOrBin, run.ExitCode);
            Assert.Contains("permission denied opening " + device, run.Err);
            Assert.Contains("usermod -aG dialout", run.Err);
        }

        [Fact]
        public async Task No_reply_from_the_bin_names_cable_baud_and_bootloader()
        {
            using var pty = new PtyPair();
            CliRun run = await CliRun.RunAsync("calibrate", "--port", pty.ToolEnd, "--timeout", "0.2", "--yes");
            Assert.Equal(ExitCodes.SerialOrBin, run.ExitCode);
            Assert.Contains("error: no reply from the bin on " + pty.ToolEnd, run.Err);
            Assert.Contains("115200 baud", run.Err);
            Assert.Contains("bootloader", run.Err);
        }

        [Fact]
        public async Task An_unreachable_gateway_exits_4_and_says_how_to_check_it()
        {
            string url = $"http://127.0.0.1:{FreeTcpPort.Next()}";
            CliRun run = await CliRun.RunAsync("bins", "list", "--gateway", url, "--api-key", Key);
            Assert.Equal(ExitCodes.GatewayUnreachable, run.ExitCode);
            Assert.Contains($"error: gateway unreachable at {url}/", run.Err);
            Assert.Contains("health/live", run.Err);
        }

        [Fact]
        public async Task Wrong_admin_credentials_exit_5_and_say_where_keys_come_from()
        {
            using var api = new FakeAdminApi(401, FakeAdminApi.Problem(401, "auth-invalid", "the API key is not known or disabled"));
            CliRun run = await CliRun.RunAsync("bins", "show", "baiyun-0001", "--gateway", api.Url, "--api-key", Key, "--json");
            Assert.Equal(ExitCodes.Auth, run.ExitCode);
            Assert.Contains("the gateway refused the admin API key (auth-invalid: the API key is not known or disabled)", run.Err);
            Assert.Contains("operator add --name NAME --role admin", run.Err);
            Assert.Contains("\"exitCode\": 5", run.Out);
            Assert.Equal($"GET /api/admin/v1/bins/baiyun-0001 Bearer {Key}", api.Requests.Single());
        }

        [Fact]
        public async Task A_missing_api_key_is_an_auth_error_before_any_request()
        {
            using var api = new FakeAdminApi(200, "{}", "application/json");
            string? saved = Environment.GetEnvironmentVariable("SMARTBIN_API_KEY");
            CliRun run = await CliRun.RunAsync("bins", "list", "--gateway", api.Url, "--api-key", "");
            Assert.Equal(ExitCodes.Auth, run.ExitCode);
            Assert.Contains("SMARTBIN_API_KEY", run.Err);
            Assert.Empty(api.Requests);
            Assert.Equal(saved, Environment.GetEnvironmentVariable("SMARTBIN_API_KEY"));
        }

        [Theory]
        [InlineData(403, "forbidden-role", ExitCodes.Auth, "ask an admin")]
        [InlineData(409, "card-taken", ExitCodes.Other, "belongs to another household")]
        [InlineData(404, "household-unknown", ExitCodes.Other, "registration form")]
        [InlineData(503, "unavailable", ExitCodes.GatewayUnreachable, "health/ready")]
        public async Task Other_refusals_carry_the_gateways_detail_and_a_fix(int status, string code, int exit, string fix)
        {
            using var api = new FakeAdminApi(status, FakeAdminApi.Problem(status, code, "detail from the gateway"));
            CliRun run = await CliRun.RunAsync("cards", "register", "--card", "04a1b2c3", "--household", "baiyun-h0001", "--gateway", api.Url, "--api-key", Key);
            Assert.Equal(exit, run.ExitCode);
            Assert.Contains("detail from the gateway", run.Err);
            Assert.Contains(fix, run.Err);
            Assert.StartsWith("POST /api/admin/v1/cards", api.Requests.Single());
        }

        [Theory]
        [InlineData(404, "card-unknown", ExitCodes.Other, "a card that was never registered needs no deactivation")]
        [InlineData(400, "bad-request", ExitCodes.Other, "correct the named field")]
        [InlineData(403, "forbidden-role", ExitCodes.Auth, "ask an admin")]
        [InlineData(401, "auth-invalid", ExitCodes.Auth, "operator add --name NAME --role admin")]
        public async Task Card_deactivation_refusals_carry_the_gateways_detail_and_a_fix(int status, string code, int exit, string fix)
        {
            using var api = new FakeAdminApi(status, FakeAdminApi.Problem(status, code, "detail from the gateway"));
            CliRun run = await CliRun.RunAsync("cards", "deactivate", "0B000000", "--reason", "stolen", "--gateway", api.Url, "--api-key", Key);
            Assert.Equal(exit, run.ExitCode);
            Assert.Contains("detail from the gateway", run.Err);
            Assert.Contains(code, run.Err);
            Assert.Contains("fix: ", run.Err);
            Assert.Contains(fix, run.Err);
            Assert.StartsWith("POST /api/admin/v1/cards/0B000000/deactivate", api.Requests.Single());
        }

        [Fact]
        public async Task A_card_taken_by_another_household_points_at_deactivation()
        {
            using var api = new FakeAdminApi(409, FakeAdminApi.Problem(409, "card-taken", "card 04A1B2C3 is registered to household 'baiyun-h0002'"));
            CliRun run = await CliRun.RunAsync("cards", "register", "--card", "04a1b2c3", "--household", "baiyun-h0001", "--gateway", api.Url, "--api-key", Key);
            Assert.Equal(ExitCodes.Other, run.ExitCode);
            Assert.Contains("`smartbin cards deactivate <card-uid> --reason lost`", run.Err);
        }

        [Fact]
        public async Task Usage_errors_exit_2_and_point_at_help()
        {
            CliRun run = await CliRun.RunAsync("provision", "--port", "/dev/null");
            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("--bin-id", run.Err);
            Assert.Contains("fix: see `smartbin provision --help`", run.Err);
        }

        private static bool CanStillOpen(string path)
        {
            try
            {
                using FileStream _ = new(path, FileMode.Open, FileAccess.ReadWrite);
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
