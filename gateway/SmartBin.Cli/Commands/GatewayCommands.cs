using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Commands
{
    /// <summary>Service-desk commands against the gateway's admin API: bins and cards.</summary>
    internal static class GatewayCommands
    {
        public static Command Bins(GlobalOptions g, CliIo io)
        {
            var bins = new Command("bins", "Registered bins at the gateway: list, show, disable, enable, rotate-secret");
            var community = new Option<string?>("--community") { Description = "Only the bins of this community" };
            var list = new Command("list", "List the registered bins (id, community, material, active, secret issued, last seen)") { community };
            list.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                BinList result = (await gw.ListBinsAsync(r.GetValue(community), ct)).Value;
                Print(g, r, io, result, w =>
                {
                    w.WriteLine($"{"bin",-20} {"community",-12} {"material",-8} {"active",-6} {"secret",-28} last seen");
                    foreach (AdminBin b in result.Bins)
                    {
                        w.WriteLine($"{b.BinId,-20} {b.Community,-12} {b.Material,-8} {(b.Active ? "yes" : "NO"),-6} {b.SecretSummary,-28} {Times.Short(b.LastSeenUtc)}");
                    }
                });
            }));

            Argument<string> ShowId() => new("bin-id") { Description = "The bin's id, e.g. baiyun-0042" };
            var showId = ShowId();
            var show = new Command("show", "Show one bin with its provisioning records") { showId };
            show.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                AdminBin b = (await gw.GetBinAsync(r.GetRequiredValue(showId), ct)).Value;
                Print(g, r, io, b, w => WriteBin(w, b));
            }));

            var disableId = ShowId();
            var reason = new Option<string>("--reason") { Description = "Why, for the audit trail (e.g. stolen, decommissioned)", Required = true };
            var disable = new Command("disable", "Disable a bin: the broker refuses its logins and its open connections are closed") { disableId, reason };
            disable.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                AdminBin b = (await gw.DisableAsync(r.GetRequiredValue(disableId), r.GetRequiredValue(reason), ct)).Value;
                Print(g, r, io, b, w => w.WriteLine($"{b.BinId} disabled: the broker refuses it from now on (`smartbin bins enable {b.BinId}` undoes this)"));
            }));

            var enableId = ShowId();
            var enable = new Command("enable", "Enable a disabled bin again") { enableId };
            enable.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                AdminBin b = (await gw.EnableAsync(r.GetRequiredValue(enableId), ct)).Value;
                Print(g, r, io, b, w => w.WriteLine($"{b.BinId} enabled"));
            }));

            bins.Subcommands.Add(list);
            bins.Subcommands.Add(show);
            bins.Subcommands.Add(disable);
            bins.Subcommands.Add(enable);
            bins.Subcommands.Add(RotateSecret(g, io, ShowId()));
            return bins;
        }

        public static Command Cards(GlobalOptions g, CliIo io)
        {
            var card = new Option<string>("--card") { Description = "Card UID as printed by the reader: 8, 14 or 20 hex digits, e.g. 04A1B2C3D4E5F6", Required = true };
            var household = new Option<string>("--household") { Description = "Household id as registered at the gateway, e.g. demo-baiyun-0001-00", Required = true };
            var register = new Command("register", "Register a resident's card to a household (releases the card's drop-offs held in suspense)") { card, household };
            register.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                string uid = CardUid(r.GetRequiredValue(card), "--card 04A1B2C3D4E5F6");
                AdminResult<CardRegistration> result = await gw.RegisterCardAsync(new CardRegistration(uid, r.GetRequiredValue(household)), ct);
                Print(g, r, io, result.Value, w => w.WriteLine(
                    $"card {result.Value.CardUid} {(result.Created ? "registered" : "was already registered")} to household {result.Value.HouseholdId} ({result.Value.Community})" +
                    (result.Value.ReleasedDropOffs > 0 ? $"; {result.Value.ReleasedDropOffs} earlier drop-off(s) credited, {result.Value.ReleasedPoints} points" : string.Empty) +
                    (result.Value.HeldDropOffs > 0 ? $"; {result.Value.HeldDropOffs} held for staff review (over the daily cap)" : string.Empty)));
            }));
            var householdId = new Argument<string>("household-id") { Description = "Household id as registered at the gateway, e.g. demo-baiyun-0001-00" };
            var lookup = new Command("household", "Show a household and its cards (service-desk lookup)") { householdId };
            lookup.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                Household h = (await gw.GetHouseholdAsync(r.GetRequiredValue(householdId), ct)).Value;
                Print(g, r, io, h, w => w.WriteLine($"{h.HouseholdId} ({h.Community}) {h.Label}: cards {(h.Cards.Count == 0 ? "none" : string.Join(", ", h.Cards.Select(c => c.Active ? c.CardUid : c.CardUid + " (inactive)")))}"));
            }));
            return new Command("cards", "Residents' cards: register to a household, show one, deactivate a lost, stolen or cloned one, look a household up")
            {
                register, ShowCard(g, io), DeactivateCard(g, io), lookup,
            };
        }

        private static Argument<string> CardUidArgument() => new("card-uid") { Description = "Card UID as printed by the reader: 8, 14 or 20 hex digits, e.g. 04A1B2C3D4E5F6" };

        private static Command ShowCard(GlobalOptions g, CliIo io)
        {
            Argument<string> uid = CardUidArgument();
            var show = new Command("show", "Show a card: its household, whether it is active, and when, by whom and why it was deactivated") { uid };
            show.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                CardState c = (await gw.GetCardAsync(CardUid(r.GetRequiredValue(uid), "04A1B2C3D4E5F6"), ct)).Value;
                Print(g, r, io, c, w => WriteCard(w, c));
            }));
            return show;
        }

        private static Command DeactivateCard(GlobalOptions g, CliIo io)
        {
            Argument<string> uid = CardUidArgument();
            var reason = new Option<string?>("--reason") { Description = "Why, for the card's record: lost, stolen, cloned (copied: drop-offs held for impossible travel) or other" };
            reason.AcceptOnlyFromAmong("lost", "stolen", "cloned", "other");
            var deactivate = new Command("deactivate",
                "Deactivate a lost, stolen or cloned card: from now on its drop-offs credit nobody (they wait in suspense), shops cannot charge it and its " +
                "resident portal sign-in ends, until it is registered again (`cards register`). Repeating it changes nothing") { uid, reason };
            deactivate.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                CardState c = (await gw.DeactivateCardAsync(CardUid(r.GetRequiredValue(uid), "04A1B2C3D4E5F6"), r.GetValue(reason), ct)).Value;
                Print(g, r, io, c, w =>
                {
                    w.WriteLine($"card {c.CardUid} of household {c.HouseholdId} ({c.Community}) is deactivated{Deactivation(c.DeactivatedUtc, c.DeactivatedBy, c.DeactivatedReason)}");
                    w.WriteLine("  its drop-offs now wait in suspense and its portal sign-in has ended; to use it again (found, or for another household): " +
                        $"`smartbin cards register --card {c.CardUid} --household HOUSEHOLD-ID` (the resident then needs a new sign-in code from the desk)");
                });
            }));
            return deactivate;
        }

        /// <summary>The upper-case UID, or a usage error naming <paramref name="example"/>.</summary>
        private static string CardUid(string given, string example)
        {
            string uid = given.Trim().ToUpperInvariant();
            if (uid.Length is not (8 or 14 or 20) || !uid.All(Uri.IsHexDigit))
            {
                throw new CliException(ExitCodes.Usage, $"'{uid}' is not a card UID", $"pass the UID as 8, 14 or 20 hex digits, e.g. {example}");
            }

            return uid;
        }

        private static void WriteCard(TextWriter w, CardState c)
        {
            w.WriteLine($"{c.CardUid}: household {c.HouseholdId} ({c.Community}), " +
                (c.Active ? $"active, registered {Times.Short(c.RegisteredUtc)}" : "DEACTIVATED" + Deactivation(c.DeactivatedUtc, c.DeactivatedBy, c.DeactivatedReason)));
            IReadOnlyList<CardDeactivationRecord> all = c.Deactivations ?? Array.Empty<CardDeactivationRecord>();
            // The latest record of an inactive card is the line above.
            int earlier = c.Active || c.DeactivatedUtc is null ? all.Count : all.Count - 1;
            foreach (CardDeactivationRecord d in all.Take(earlier))
            {
                w.WriteLine($"  earlier: deactivated{Deactivation(d.DeactivatedUtc, d.Operator, d.Reason)} while registered to {d.HouseholdId}");
            }
        }

        // " on 2026-11-23T13:07:56Z by desk1 (lost)"; a card deactivated before the gateway kept records has no time.
        private static string Deactivation(string? utc, string? by, string? reason) =>
            (utc is null ? " (no record of when)" : " on " + Times.Short(utc)) + (by is null ? string.Empty : " by " + by) + (reason is null ? string.Empty : $" ({reason})");

        private static Command RotateSecret(GlobalOptions g, CliIo io, Argument<string> binId)
        {
            var port = new Option<string?>("--port", "-p") { Description = "Also write the new secret (and the broker's CA certificate, when the gateway has one) to the bin on this serial port, save, restart it and check it logs in" };
            var rotate = new Command("rotate-secret", "Issue a new MQTT secret for a bin: the old one stops working at once. With --port the bin gets it too (and the gateway's broker CA, if it hands one out); without, it is printed once") { binId, port };
            rotate.SetAction((r, ct) => WithGateway(g, r, async gw =>
            {
                string id = r.GetRequiredValue(binId);
                string? serial = r.GetValue(port);
                using ConsoleClient? bin = serial is null ? null : g.OpenBin(r, serial, io);
                IssuedSecret secret = (await gw.IssueSecretAsync(id, ct)).Value;
                if (bin is null)
                {
                    Print(g, r, io, secret, w => w.WriteLine(
                        $"new secret for {id} (shown once; the old one no longer works): {secret.Secret}\nset it on the bin: `set mqtt.secret {secret.Secret}` then `save` and `reboot` (or run this with --port)"));
                    return;
                }

                var settings = new List<BinSetting> { new("mqtt.secret", secret.Secret, IsSecret: true) };
                if (secret.Mqtt.CaCertificatePem is { } pem)
                {
                    // The gateway's CA may have changed too: install it (skipped when the bin has it) and use TLS.
                    CertificateInstall ca = new CaCertificateUploader(bin).Install(CaCertificateFile.Parse(pem, "the gateway's CA certificate"));
                    settings.Add(new BinSetting("mqtt.tls", "true"));
                    settings.Add(new BinSetting("mqtt.port", secret.Mqtt.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    Progress(g, r, io, $"{id}: broker CA ({ca.Bytes} bytes, crc32 {ca.Crc32}) {(ca.AlreadyInstalled ? "already on the bin" : "written and verified")}");
                }

                new BinSettingsWriter(bin).WriteVerifySave(settings);
                bin.Reboot();
                bool connected = false;
                for (int waited = 0; !connected && waited < 30; waited++)
                {
                    connected = bin.Request("selftest").Fields().GetValueOrDefault("mqtt") == "connected";
                    if (!connected)
                    {
                        Thread.Sleep(1000);
                    }
                }

                if (!connected)
                {
                    throw new CliException(ExitCodes.VerificationFailed, $"{id} has its new secret but did not log in to the broker within 30 s",
                        "check the bin's network (`smartbin console` → `status`) and the gateway's log for refused logins");
                }

                Print(g, r, io, new { binId = id, rotated = true, connected }, w => w.WriteLine($"{id}: new secret written, saved, and the bin logged in with it"));
            }));
            return rotate;
        }

        // Progress goes to standard error under --json, so standard output stays one JSON document.
        private static void Progress(GlobalOptions g, ParseResult r, CliIo io, string line)
        {
            TextWriter w = g.Human(r, io);
            w.WriteLine(line);
            w.Flush();
        }

        private static async Task<int> WithGateway(GlobalOptions g, ParseResult r, Func<AdminClient, Task> action)
        {
            using AdminClient gateway = g.OpenGateway(r);
            await action(gateway);
            return ExitCodes.Ok;
        }

        private static void Print(GlobalOptions g, ParseResult r, CliIo io, object value, Action<TextWriter> human)
        {
            if (r.GetValue(g.Json))
            {
                GlobalOptions.WriteJson(io.Out, value);
                return;
            }

            human(io.Out);
            io.Out.Flush();
        }

        private static void WriteBin(TextWriter w, AdminBin b)
        {
            w.WriteLine($"{b.BinId}: {b.Material} in {b.Community}{(b.Label is null ? string.Empty : " (" + b.Label + ")")}, {(b.Active ? "active" : "DISABLED")}");
            w.WriteLine($"  secret: {b.SecretSummary}; last seen: {Times.Short(b.LastSeenUtc)}");
            if (!b.Active && !string.IsNullOrEmpty(b.DisabledReason))
            {
                w.WriteLine($"  disabled: {b.DisabledReason}");
            }

            foreach (ProvisioningRecord p in b.Provisionings ?? Array.Empty<ProvisioningRecord>())
            {
                w.WriteLine($"  provisioned {p.FinishedUtc} by {p.Operator}: firmware {p.Firmware}, hardware {p.HardwareId}, calibration v{p.Calibration.Version} " +
                    $"(check {p.Calibration.CheckGrams} g, {p.Calibration.CheckErrorMilliE / 1000.0:0.0##} e), self-test {(p.SelfTest.Ok ? "ok" : "FAILED")}");
            }
        }
    }
}
