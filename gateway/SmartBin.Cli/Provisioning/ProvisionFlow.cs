using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Calibration;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Provisioning
{
    /// <summary>Everything <c>smartbin provision</c> was asked to do.</summary>
    internal sealed record ProvisionRequest(string BinId, string Community, string Material, string? Label, string? WifiSsid, string? WifiPassword,
        IReadOnlyList<BinSetting> ExtraSettings, CalibrationPlan Calibration, int ConnectTimeoutMs);

    /// <summary>The outcome, printed as text or JSON.</summary>
    internal sealed record ProvisionSummary(string BinId, string Community, string Material, string Firmware, string HardwareId, string RecordId,
        string? Operator, bool Resumed, bool BinCreated, BrokerAddress? Broker, CalibrationResult? Calibration, SelfTestRecord SelfTest, string StateFile);

    /// <summary>
    /// The five steps of issue 5: identify, register (bin row + fresh secret), configure (one staged change, read back,
    /// saved), calibrate, self-test and record. Every step can be repeated: a run interrupted anywhere is simply run
    /// again (<see cref="ProvisionState"/>).
    /// </summary>
    internal sealed class ProvisionFlow
    {
        private readonly ConsoleClient _bin;
        private readonly AdminClient _gateway;
        private readonly IOperator _op;
        private readonly TimeProvider _time;

        public ProvisionFlow(ConsoleClient bin, AdminClient gateway, IOperator op, TimeProvider time)
        {
            _bin = bin;
            _gateway = gateway;
            _op = op;
            _time = time;
        }

        public async Task<ProvisionSummary> RunAsync(ProvisionRequest r, CancellationToken ct)
        {
            ProvisionState state = ProvisionState.LoadOrStart(r.BinId, _time.GetUtcNow(), out bool resumed);
            if (resumed)
            {
                _op.Say($"resuming the interrupted provisioning of {r.BinId} (record {state.RecordId}, state {ProvisionState.PathFor(r.BinId)})");
            }

            BinIdentity id = Identify(r, resumed);
            bool created = false;
            BrokerAddress? broker = null;
            if (state.PendingRecord is null)
            {
                (created, IssuedSecret secret) = await RegisterAsync(r, state, ct);
                broker = secret.Mqtt;
                Configure(r, secret);
                Calibrate(r, state);
                _op.Say("      restarting the bin so it connects with its new settings");
                _bin.Reboot();
                SelfTestRecord selfTest = new SelfTestStep(_bin, _op).Run(r.ConnectTimeoutMs, secret.Mqtt);
                CalibrationResult cal = state.Calibration!;
                state.PendingRecord = new ProvisioningRecord(state.RecordId, id.Firmware, id.HardwareId, state.StartedUtc,
                    ProvisionState.Utc(_time.GetUtcNow()),
                    new CalibrationRecord(cal.Version, (long)Math.Round(cal.OffsetCounts), cal.CountsPerGram, cal.MaxErrorMilliE, cal.CheckGrams, cal.CheckErrorMilliE),
                    selfTest);
                state.Save();
            }
            else
            {
                _op.Say("[2-5/5] done in the interrupted run; only the provisioning record is left to store");
            }

            AdminResult<ProvisioningRecord> stored = await _gateway.PostProvisioningAsync(r.BinId, state.PendingRecord, ct);
            _op.Say($"      provisioning record {state.RecordId} {(stored.Created ? "stored" : "was already stored")} at the gateway" +
                (stored.Value.Operator is null ? string.Empty : $" (operator {stored.Value.Operator})"));
            state.Delete();
            return new ProvisionSummary(r.BinId, r.Community, r.Material, id.Firmware, id.HardwareId, state.RecordId, stored.Value.Operator ?? state.Operator,
                resumed, created, broker, state.Calibration, state.PendingRecord.SelfTest, ProvisionState.PathFor(r.BinId));
        }

        private BinIdentity Identify(ProvisionRequest r, bool resumed)
        {
            BinIdentity id = BinIdentity.Read(_bin);
            _op.Say($"[1/5] identify: controller on {_bin.PortName}: firmware {id.Firmware}, hardware {id.HardwareId}, " +
                (id.BinId.Length == 0 ? "unprovisioned" : $"bin {id.BinId} ({id.Material}, {id.Community})") +
                (id.CalibrationVersion > 0 ? $", calibration version {id.CalibrationVersion}" : ", not calibrated"));
            if (id.BinId.Length > 0 && id.BinId != r.BinId && !resumed &&
                !_op.Confirm($"The controller is already bin {id.BinId}. Provision it as {r.BinId} instead?"))
            {
                throw new CliException(ExitCodes.Usage, $"the controller on {_bin.PortName} is already bin {id.BinId}, not {r.BinId}",
                    $"check you have the right bin on the cable; to re-provision it as {r.BinId}, answer y or pass --yes");
            }

            return id;
        }

        private async Task<(bool Created, IssuedSecret Secret)> RegisterAsync(ProvisionRequest r, ProvisionState state, CancellationToken ct)
        {
            AdminResult<WhoAmI> me = await _gateway.WhoAmIAsync(ct);
            state.Operator = me.Value.Operator;
            AdminResult<AdminBin> bin = await _gateway.PutBinAsync(r.BinId, new BinRegistration(r.Community, r.Material, r.Label), ct);
            AdminResult<IssuedSecret> secret = await _gateway.IssueSecretAsync(r.BinId, ct);
            state.Save();
            BrokerAddress b = secret.Value.Mqtt;
            _op.Say($"[2/5] register: bin {r.BinId} {(bin.Created ? "registered" : "already registered (kept)")} as {bin.Value.Material} in {bin.Value.Community} " +
                $"by {me.Value.Operator}; new MQTT secret issued (any earlier one stops working); broker {b.Host}:{b.Port}{(b.Tls ? " TLS" : string.Empty)}");
            return (bin.Created, secret.Value);
        }

        private void Configure(ProvisionRequest r, IssuedSecret secret)
        {
            // Parsed before anything is written, so a broken CA from the gateway stops the run with the bin unchanged.
            CaCertificateFile? ca = secret.Mqtt.CaCertificatePem is null ? null
                : CaCertificateFile.Parse(secret.Mqtt.CaCertificatePem, "the gateway's CA certificate (SmartBin:Admin:BrokerCaFile)");
            bool tls = secret.Mqtt.Tls || ca is not null; // a bin never ignores a CA it was given
            var settings = new List<BinSetting>
            {
                new("bin.id", r.BinId),
                new("bin.community", r.Community),
                new("bin.material", r.Material),
                new("mqtt.host", secret.Mqtt.Host),
                new("mqtt.port", secret.Mqtt.Port.ToString(CultureInfo.InvariantCulture)),
                new("mqtt.tls", tls ? "true" : "false"),
                new("mqtt.secret", secret.Secret, IsSecret: true),
            };
            if (r.WifiSsid is not null)
            {
                settings.Add(new BinSetting("wifi.ssid", r.WifiSsid));
            }

            if (r.WifiPassword is not null)
            {
                settings.Add(new BinSetting("wifi.password", r.WifiPassword, IsSecret: true));
            }

            settings.AddRange(r.ExtraSettings);
            WriteOutcome outcome = new BinSettingsWriter(_bin).WriteVerifySave(settings);
            int secrets = settings.FindAll(s => s.IsSecret).Count;
            _op.Say($"[3/5] configure: {outcome.Written} settings staged in {outcome.BacklogLines} backlog line(s), read back " +
                $"({outcome.Verified - secrets} compared, {secrets} secret(s) checked as set), saved" +
                (outcome.Rounds > 1 ? $" (written {outcome.Rounds} times: the bin restarted)" : string.Empty));
            if (ca is not null)
            {
                InstallCaCertificate(ca, secret.Mqtt.Tls);
            }
        }

        /// <summary>Puts the gateway's CA on the bin (used from the restart at the end of provisioning); skipped when it has it.</summary>
        private void InstallCaCertificate(CaCertificateFile ca, bool brokerSaysTls)
        {
            CertificateInstall done = new CaCertificateUploader(_bin).Install(ca);
            _op.Say($"      broker CA {string.Join(" / ", ca.Subjects)} ({done.Bytes} bytes, crc32 {done.Crc32}) " +
                (done.AlreadyInstalled ? "already on the bin: kept" : $"written in {done.Chunks} chunks and verified"));
            if (!brokerSaysTls)
            {
                _op.Say("      note: the gateway says its broker is not TLS but sent a CA; the bin is set to TLS (mqtt.tls true) so it never ignores the CA");
            }
        }

        private void Calibrate(ProvisionRequest r, ProvisionState state)
        {
            int binVersion = BinIdentity.Read(_bin).CalibrationVersion;
            if (state.Calibration is { } done && done.Version == binVersion)
            {
                _op.Say($"[4/5] calibrate: already done in the interrupted run (version {done.Version}, check error {done.CheckErrorE:+0.0##;-0.0##;0} e): kept");
                return;
            }

            _op.Say("[4/5] calibrate: the bin is in service mode (no drop-offs) until this step ends");
            CalibrationResult result = new CalibrationWizard(_bin, _op).Run(r.Calibration);
            state.Calibration = result;
            state.Save();
            _op.Say($"      calibration version {result.Version}: {result.CountsPerGram:0.######} counts/g, worst residual {result.MaxErrorMilliE / 1000.0:0.0##} e, " +
                $"check {result.CheckGrams} g error {result.CheckErrorE:+0.0##;-0.0##;0} e");
        }
    }
}
