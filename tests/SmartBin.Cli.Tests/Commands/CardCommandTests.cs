using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Cli.Tests.Fixtures;
using Xunit;

namespace SmartBin.Cli.Tests.Commands
{
    /// <summary>`smartbin cards deactivate` and `cards show`: the admin API calls they make and what they print.</summary>
    public sealed class CardCommandTests
    {
        private const string Key = "sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        // As the gateway answers (docs/admin-api.md).
        private const string Deactivated =
            "{\"cardUid\":\"0B000000\",\"householdId\":\"demo-baiyun-0001-00\",\"community\":\"baiyun\",\"active\":false," +
            "\"registeredUtc\":\"2026-11-23T12:17:05.2476436Z\",\"deactivatedUtc\":\"2026-11-24T09:30:12.5120000Z\",\"deactivatedBy\":\"desk1\"," +
            "\"deactivatedReason\":\"lost\",\"deactivations\":[{\"householdId\":\"demo-baiyun-0001-00\",\"reason\":\"lost\",\"operator\":\"desk1\"," +
            "\"deactivatedUtc\":\"2026-11-24T09:30:12.5120000Z\"}]}";

        private const string Active =
            "{\"cardUid\":\"0B000000\",\"householdId\":\"demo-baiyun-0001-01\",\"community\":\"baiyun\",\"active\":true," +
            "\"registeredUtc\":\"2026-11-25T08:00:00Z\",\"deactivatedUtc\":null,\"deactivatedBy\":null,\"deactivatedReason\":null," +
            "\"deactivations\":[{\"householdId\":\"demo-baiyun-0001-00\",\"reason\":\"stolen\",\"operator\":\"desk1\",\"deactivatedUtc\":\"2026-11-24T09:30:12Z\"}]}";

        [Fact]
        public async Task Deactivate_posts_the_reason_for_the_upper_case_uid_and_prints_the_cards_state_and_how_to_undo_it()
        {
            using var api = new FakeAdminApi((_, _) => (200, Deactivated));
            CliRun run = await CliRun.RunAsync("cards", "deactivate", "0b000000", "--reason", "lost", "--gateway", api.Url, "--api-key", Key);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal($"POST /api/admin/v1/cards/0B000000/deactivate Bearer {Key}", api.Requests.Single());
            Assert.Equal("{\"reason\":\"lost\"}", api.Bodies.Single());
            Assert.Contains("card 0B000000 of household demo-baiyun-0001-00 (baiyun) is deactivated on 2026-11-24T09:30:12Z by desk1 (lost)", run.Out);
            Assert.Contains("suspense", run.Out);
            Assert.Contains("`smartbin cards register --card 0B000000 --household HOUSEHOLD-ID`", run.Out);
            Assert.Empty(run.Err);
        }

        [Fact]
        public async Task Deactivate_without_a_reason_sends_no_body_and_json_prints_the_gateways_answer()
        {
            using var api = new FakeAdminApi((_, _) => (200, Deactivated));
            CliRun run = await CliRun.RunAsync("cards", "deactivate", "0B000000", "--gateway", api.Url, "--api-key", Key, "--json");
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal(string.Empty, api.Bodies.Single());
            JsonElement json = JsonDocument.Parse(run.Out).RootElement;
            Assert.False(json.GetProperty("active").GetBoolean());
            Assert.Equal("desk1", json.GetProperty("deactivatedBy").GetString());
        }

        [Fact]
        public async Task Show_gets_the_card_and_prints_its_registration_and_each_deactivation()
        {
            using var api = new FakeAdminApi((_, _) => (200, Active));
            CliRun run = await CliRun.RunAsync("cards", "show", "0B000000", "--gateway", api.Url, "--api-key", Key);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal($"GET /api/admin/v1/cards/0B000000 Bearer {Key}", api.Requests.Single());
            Assert.Contains("0B000000: household demo-baiyun-0001-01 (baiyun), active, registered 2026-11-25T08:00:00Z", run.Out);
            Assert.Contains("  earlier: deactivated on 2026-11-24T09:30:12Z by desk1 (stolen) while registered to demo-baiyun-0001-00", run.Out);

            using var inactive = new FakeAdminApi((_, _) => (200, Deactivated));
            run = await CliRun.RunAsync("cards", "show", "0B000000", "--gateway", inactive.Url, "--api-key", Key);
            Assert.Contains("0B000000: household demo-baiyun-0001-00 (baiyun), DEACTIVATED on 2026-11-24T09:30:12Z by desk1 (lost)", run.Out);
            Assert.DoesNotContain("earlier", run.Out); // its only deactivation is the current one
        }

        [Theory]
        [InlineData("deactivate", "0B00000", null)]
        [InlineData("deactivate", "0B00000G", null)]
        [InlineData("deactivate", "0B000000", "misplaced")]
        [InlineData("show", "0B0000", null)]
        public async Task A_malformed_uid_or_reason_is_a_usage_error_before_any_request(string verb, string uid, string? reason)
        {
            using var api = new FakeAdminApi((_, _) => (200, Deactivated));
            string[] args = new[] { "cards", verb, uid, "--gateway", api.Url, "--api-key", Key }.Concat(reason is null ? new string[0] : new[] { "--reason", reason }).ToArray();
            CliRun run = await CliRun.RunAsync(args);
            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains(reason ?? "is not a card UID", run.Err);
            Assert.Contains(reason is null ? "pass the UID as 8, 14 or 20 hex digits" : $"`smartbin cards {verb} --help`", run.Err);
            Assert.Empty(api.Requests);
        }
    }
}
