using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Options;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Configuration;

/// <summary>
/// Checks every option at start-up. Each failure names the full configuration key and why, e.g.
/// <c>SmartBin:Mqtt:Embedded:Port = 70000: not a TCP port (1..65535)</c>, so an operator can fix it without reading code.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems with <paramref name="o"/>, one message each; empty when valid.</summary>
    public static List<string> Check(GatewayOptions o)
    {
        var c = new Checker();
        CheckMqtt(c, o.Mqtt);
        c.Require(!string.IsNullOrWhiteSpace(o.Storage.DataDirectory), "Storage:DataDirectory", o.Storage.DataDirectory, "must name a folder");
        c.Require(IsPlainFileName(o.Storage.DatabaseFile), "Storage:DatabaseFile", o.Storage.DatabaseFile, "must be a file name without folders");
        c.Range("Storage:RejectedRetentionDays", o.Storage.RejectedRetentionDays, 1, 3_650);
        c.Range("Ingest:QueueCapacity", o.Ingest.QueueCapacity, 16, 1_000_000);
        c.Range("Ingest:BatchMax", o.Ingest.BatchMax, 1, 100_000);
        c.Range("Ingest:MaxFutureSkewS", o.Ingest.MaxFutureSkewS, 0, 86_400);
        c.Range("Ingest:MaxAgeDays", o.Ingest.MaxAgeDays, 1, 3_650);
        c.Range("Ingest:TestDelayBeforeCommitMs", o.Ingest.TestDelayBeforeCommitMs, 0, 600_000);
        c.Range("Ingest:TestDelayAfterCommitMs", o.Ingest.TestDelayAfterCommitMs, 0, 600_000);
        c.Require(o.Ingest.TestDelayAfterCommitMs == 0 || o.Ingest.TestFaultInjection, "Ingest:TestDelayAfterCommitMs",
            o.Ingest.TestDelayAfterCommitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "is test-only fault injection: refused unless Ingest:TestFaultInjection is true (never in production)");
        CheckTimeSeries(c, o.TimeSeries);
        c.Range("Alerts:FillThresholdPct", o.Alerts.FillThresholdPct, 1, 100);
        c.Range("Alerts:FillPersistenceS", o.Alerts.FillPersistenceS, 0, 86_400);
        c.Range("Alerts:OfflineAfterS", o.Alerts.OfflineAfterS, 10, 604_800);
        c.Range("Alerts:WebhookTimeoutMs", o.Alerts.WebhookTimeoutMs, 100, 120_000);
        c.Range("Alerts:WebhookMaxAttempts", o.Alerts.WebhookMaxAttempts, 1, 100);
        c.Range("Alerts:WebhookRetryMinMs", o.Alerts.WebhookRetryMinMs, 10, 600_000);
        c.Range("Alerts:WebhookRetryMaxMs", o.Alerts.WebhookRetryMaxMs, Math.Max(10, o.Alerts.WebhookRetryMinMs), 3_600_000);
        c.Range("Alerts:CheckIntervalS", o.Alerts.CheckIntervalS, 1, 300);
        c.Require(o.Alerts.WebhookUrl.Length == 0 || IsHttpUrl(o.Alerts.WebhookUrl), "Alerts:WebhookUrl", o.Alerts.WebhookUrl, "must be an http(s) URL or empty");
        CheckCrediting(c, o.Crediting);
        c.Range("Seed:DemoBins", o.Seed.DemoBins, 1, 1_000);
        c.Range("Seed:DemoSeed", o.Seed.DemoSeed, 0, 4_000_000); // the simulator's --seed range: cards stay 4 bytes
        CheckAdmin(c, o.Admin, o.Mqtt.External);
        CheckRedemption(c, o.Redemption);
        foreach (var (key, value, why) in o.Reporting.Problems())
        {
            c.Require(false, key, value, why);
        }
        CheckStaff(c, o.Staff);
        foreach (var (key, value, why) in o.Residents.Problems())
        {
            c.Require(false, key, value, why);
        }
        return c.Failures;
    }

    private static void CheckAdmin(Checker c, AdminOptions a, ExternalBrokerOptions x)
    {
        c.Require(a.BrokerHost.Length == 0 || Uri.CheckHostName(a.BrokerHost) != UriHostNameType.Unknown, "Admin:BrokerHost", a.BrokerHost, "must be a host name or IP address, or empty");
        c.Range("Admin:BrokerPort", a.BrokerPort, 0, 65_535);
        c.Require(a.BrokerCaFile.Length == 0 || File.Exists(a.BrokerCaFile), "Admin:BrokerCaFile", a.BrokerCaFile, "file not found");
        c.Range("Admin:FailedAuthLimit", a.FailedAuthLimit, 1, 1_000_000);
        c.Range("Admin:FailedAuthWindowS", a.FailedAuthWindowS, 1, 86_400);
        var managed = x.PasswordFile.Length > 0 || x.AclFile.Length > 0;
        c.Require(!managed || (x.PasswordFile.Length > 0 && x.AclFile.Length > 0), "Mqtt:External:PasswordFile", x.PasswordFile,
            "set both Mqtt:External:PasswordFile and Mqtt:External:AclFile, or neither");
        c.Require(!managed || x.PasswordFile != x.AclFile, "Mqtt:External:AclFile", x.AclFile, "must differ from Mqtt:External:PasswordFile");
        c.Require(!managed || x.Password.Length > 0, "Mqtt:External:Password", "", "must be set when the gateway writes mosquitto's password file (it holds the gateway user's hash)");
        c.Require(!managed || !string.IsNullOrWhiteSpace(x.Username), "Mqtt:External:Username", x.Username, "must be set when the gateway writes mosquitto's files");
    }

    private static void CheckRedemption(Checker c, Redemption.RedemptionOptions r)
    {
        c.Range("Redemption:PaymentHoldMinutes", r.PaymentHoldMinutes, 1, 1_440);
        c.Range("Redemption:OrderHoldMinutesMax", r.OrderHoldMinutesMax, 1, 43_200);
        c.Range("Redemption:OrderHoldMinutesDefault", r.OrderHoldMinutesDefault, 1, Math.Max(1, r.OrderHoldMinutesMax));
        c.Range("Redemption:ExpirySweepIntervalS", r.ExpirySweepIntervalS, 1, 3_600);
        c.Range("Redemption:ExpiryBatchMax", r.ExpiryBatchMax, 1, 10_000);
        c.Range("Redemption:MaxPointsPerRedemption", r.MaxPointsPerRedemption, 1, 100_000_000);
    }

    private static void CheckStaff(Checker c, Staff.StaffOptions s)
    {
        c.Range("Staff:PasswordIterations", s.PasswordIterations, Staff.StaffPasswords.IterationsMin, Staff.StaffPasswords.IterationsMax);
        c.Range("Staff:LoginFailuresPerAddress", s.LoginFailuresPerAddress, 1, 1_000_000);
        c.Range("Staff:LoginFailuresPerUser", s.LoginFailuresPerUser, 1, 1_000_000);
        c.Range("Staff:LoginWindowS", s.LoginWindowS, 1, 86_400);
        c.Range("Staff:SessionMinutes", s.SessionMinutes, 1, 43_200);
        c.Range("Staff:LivePollS", s.LivePollS, 1, 3_600);
    }

    private static void CheckMqtt(Checker c, MqttOptions m)
    {
        c.Require(Enum.IsDefined(m.Mode), "Mqtt:Mode", m.Mode, "must be Embedded or External");
        c.Require(IsTopicRoot(m.TopicRoot), "Mqtt:TopicRoot", m.TopicRoot, "must be topic levels without wildcards, e.g. smartbin/v1");
        var e = m.Embedded;
        c.Require(System.Net.IPAddress.TryParse(e.BindAddress, out _), "Mqtt:Embedded:BindAddress", e.BindAddress, "must be an IP address");
        c.Range("Mqtt:Embedded:Port", e.Port, 1, 65_535);
        c.Range("Mqtt:Embedded:TlsPort", e.TlsPort, 1, 65_535);
        c.Range("Mqtt:Embedded:MaxPacketBytes", e.MaxPacketBytes, 2_048, 268_435_455);
        c.Range("Mqtt:Embedded:LoginFailureBurst", e.LoginFailureBurst, 0, 10_000);
        c.Range("Mqtt:Embedded:LoginFailuresPerMinute", e.LoginFailuresPerMinute, 1, 60_000);
        var tls = e.CertificatePath.Length > 0;
        c.Require(!tls || File.Exists(e.CertificatePath), "Mqtt:Embedded:CertificatePath", e.CertificatePath, "file not found");
        c.Require(e.PlainEnabled || tls, "Mqtt:Embedded:PlainEnabled", e.PlainEnabled, "cannot be false without a certificate (no listener would remain)");
        c.Require(!(tls && e.PlainEnabled && e.Port == e.TlsPort), "Mqtt:Embedded:TlsPort", e.TlsPort, "must differ from Mqtt:Embedded:Port");
        for (var i = 0; i < e.Monitors.Count; i++)
        {
            var key = $"Mqtt:Embedded:Monitors:{i}";
            var user = e.Monitors[i].Username;
            c.Require(user.Length > 0, key + ":Username", user, "must not be empty");
            c.Require(!Mqtt.BinTopics.IsBinId(user), key + ":Username", user,
                "must not look like a bin id (a-z, 0-9, '-'): a bin with that id could never log in; use e.g. 'ops.monitor'");
            c.Require(e.Monitors.FindIndex(m => m.Username == user) == i, key + ":Username", user, "is listed twice");
            c.Require(e.Monitors[i].Password.Length >= 8, key + ":Password", "***", "must be at least 8 characters");
        }
        var x = m.External;
        if (m.Mode == MqttMode.External)
        {
            c.Require(!string.IsNullOrWhiteSpace(x.Host), "Mqtt:External:Host", x.Host, "must name the broker");
            c.Require(x.ClientId.Length is > 0 and <= 64, "Mqtt:External:ClientId", x.ClientId, "must be 1..64 characters");
        }
        c.Range("Mqtt:External:Port", x.Port, 1, 65_535);
        c.Require(x.SharedGroup.Length == 0 || IsShareName(x.SharedGroup), "Mqtt:External:SharedGroup", x.SharedGroup, "must not contain / + # or spaces");
        c.Range("Mqtt:External:ReconnectMinMs", x.ReconnectMinMs, 10, 600_000);
        c.Range("Mqtt:External:ReconnectMaxMs", x.ReconnectMaxMs, Math.Max(10, x.ReconnectMinMs), 3_600_000);
        c.Range("Mqtt:External:SessionExpiryS", x.SessionExpiryS, 0, int.MaxValue);
    }

    private static void CheckTimeSeries(Checker c, TimeSeriesOptions t)
    {
        c.Require(Enum.IsDefined(t.Backend), "TimeSeries:Backend", t.Backend, "must be Sqlite or Influx");
        c.Range("TimeSeries:RawRetentionDays", t.RawRetentionDays, 1, 3_650);
        c.Range("TimeSeries:RollupRetentionDays", t.RollupRetentionDays, 1, 36_500);
        var i = t.Influx;
        if (t.Backend == TimeSeriesBackend.Influx)
        {
            c.Require(IsHttpUrl(i.Url), "TimeSeries:Influx:Url", i.Url, "must be an http(s) URL");
            c.Require(Enum.IsDefined(i.Api), "TimeSeries:Influx:Api", i.Api, "must be V1 or V2");
            c.Require(i.Api != InfluxApi.V1 || i.Database.Length > 0, "TimeSeries:Influx:Database", i.Database, "must not be empty for V1");
            c.Require(i.Api != InfluxApi.V2 || i.Bucket.Length > 0, "TimeSeries:Influx:Bucket", i.Bucket, "must not be empty for V2");
        }
        c.Range("TimeSeries:Influx:BatchLines", i.BatchLines, 1, 100_000);
        c.Range("TimeSeries:Influx:FlushIntervalMs", i.FlushIntervalMs, 10, 600_000);
        c.Range("TimeSeries:Influx:RetryMinMs", i.RetryMinMs, 10, 600_000);
        c.Range("TimeSeries:Influx:RetryMaxMs", i.RetryMaxMs, Math.Max(10, i.RetryMinMs), 3_600_000);
        c.Range("TimeSeries:Influx:TimeoutMs", i.TimeoutMs, 100, 600_000);
    }

    private static void CheckCrediting(Checker c, CreditingRulesOptions rules)
    {
        try
        {
            _ = new CreditingEngine(
                new PriceTable(CreditingDefaults.Prices()), new CarbonFactorTable(CreditingDefaults.CarbonFactors()), rules);
        }
        catch (ArgumentException e)
        {
            c.Failures.Add($"{GatewayOptions.Section}:Crediting: {e.Message}");
        }
    }

    private static bool IsPlainFileName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name != "." && name != "..";

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsTopicRoot(string root) =>
        root.Length is > 0 and <= 64 && root.IndexOfAny(['+', '#', '\0']) < 0 && !root.StartsWith('/') && !root.EndsWith('/') &&
        !root.Contains("//", StringComparison.Ordinal);

    private static bool IsShareName(string name) => name.IndexOfAny(['/', '+', '#', ' ']) < 0;

    private sealed class Checker
    {
        public List<string> Failures { get; } = [];

        public void Require(bool ok, string key, object? value, string why)
        {
            if (!ok)
            {
                Failures.Add($"{GatewayOptions.Section}:{key} = '{value}': {why}");
            }
        }

        public void Range(string key, long value, long min, long max) =>
            Require(value >= min && value <= max, key, value, $"must be between {min} and {max}");
    }
}
