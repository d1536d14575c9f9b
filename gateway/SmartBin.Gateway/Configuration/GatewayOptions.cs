using System.Collections.Generic;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Configuration;

/// <summary>
/// Everything the gateway reads from configuration, bound from the <c>SmartBin</c> section of appsettings.json,
/// environment variables (<c>SmartBin__Mqtt__Mode=External</c>) and the command line (<c>--SmartBin:Mqtt:Mode=External</c>).
/// Defaults make the plain run work: embedded broker on 1883, SQLite under <c>data/</c>, web on 127.0.0.1:5080.
/// <see cref="GatewayOptionsValidator"/> checks every value at start-up.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "SmartBin";

    /// <summary>MQTT: embedded broker or external broker client.</summary>
    public MqttOptions Mqtt { get; set; } = new();

    /// <summary>Relational store (system of record).</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Ingest pipeline sizing and validation limits.</summary>
    public IngestOptions Ingest { get; set; } = new();

    /// <summary>Time series store.</summary>
    public TimeSeriesOptions TimeSeries { get; set; } = new();

    /// <summary>Alert rules and webhook.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Crediting rule limits (prices and factors come from <see cref="CreditingDefaults"/> unless configured).</summary>
    public CreditingRulesOptions Crediting { get; set; } = CreditingDefaults.Rules();

    /// <summary>Demo data: the two pilot communities, bins, households and cards matching the simulator's fleet.</summary>
    public SeedOptions Seed { get; set; } = new();

    /// <summary>The admin API (operators provisioning bins, the service desk registering cards).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Partner redemption API (shops, online mall, citizen service card).</summary>
    public Redemption.RedemptionOptions Redemption { get; set; } = new();

    /// <summary>Programme reporting: pilot dates, the weekly campaign's cap and size.</summary>
    public Reporting.ReportingOptions Reporting { get; set; } = new();

    /// <summary>Staff dashboard: password hashing, login limits, sessions.</summary>
    public Staff.StaffOptions Staff { get; set; } = new();

    /// <summary>Resident portal: PIN and one-time code hashing, sign-in limits, sessions.</summary>
    public Residents.ResidentOptions Residents { get; set; } = new();
}

/// <summary>Which MQTT side the gateway plays.</summary>
public enum MqttMode
{
    /// <summary>The gateway runs the broker itself (MQTTnet server).</summary>
    Embedded = 1,

    /// <summary>The gateway is a client of an external broker (mosquitto, EMQX…).</summary>
    External = 2,
}

/// <summary>MQTT settings.</summary>
public sealed class MqttOptions
{
    /// <summary>Embedded (default) or External.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Topic root; every bin topic is <c>{TopicRoot}/{binId}/{leaf}</c>.</summary>
    public string TopicRoot { get; set; } = "smartbin/v1";

    /// <summary>Embedded broker settings.</summary>
    public EmbeddedBrokerOptions Embedded { get; set; } = new();

    /// <summary>External broker settings.</summary>
    public ExternalBrokerOptions External { get; set; } = new();
}

/// <summary>The embedded MQTTnet broker.</summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>Address to listen on; 0.0.0.0 so bins on the LAN reach it.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Plain TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Set false to serve TLS only.</summary>
    public bool PlainEnabled { get; set; } = true;

    /// <summary>TLS port, used when <see cref="CertificatePath"/> is set.</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>PKCS#12 (.pfx) file with the server certificate and key; empty disables TLS.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>Extra non-bin accounts (operators, dashboards) allowed to subscribe read-only to every bin topic.</summary>
    public List<MonitorAccount> Monitors { get; set; } = [];

    /// <summary>
    /// Largest MQTT packet body (Remaining Length, bytes) a client may send; a connection declaring more is closed
    /// before anything is buffered. Bin payloads are at most 1 KiB; 8 KiB leaves room for topic, properties and a
    /// faulty bin's oversized payload to still be answered <c>too-large</c>.
    /// </summary>
    public int MaxPacketBytes { get; set; } = 8 * 1024;

    /// <summary>Failed logins one remote address (IPv6: /64) may make in a burst before it is throttled; 0 turns the throttle off.</summary>
    public int LoginFailureBurst { get; set; } = 20;

    /// <summary>How fast a throttled address earns failed logins back, per minute.</summary>
    public int LoginFailuresPerMinute { get; set; } = 30;
}

/// <summary>A read-only broker account for tools such as mosquitto_sub.</summary>
public sealed class MonitorAccount
{
    /// <summary>User name (must not look like a bin id in use).</summary>
    public string Username { get; set; } = "";

    /// <summary>Password.</summary>
    public string Password { get; set; } = "";
}

/// <summary>The gateway as a client of an external broker.</summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>Broker host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>Gateway's user name at the broker.</summary>
    public string Username { get; set; } = "smartbin-gateway";

    /// <summary>Gateway's password at the broker.</summary>
    public string Password { get; set; } = "";

    /// <summary>Client id; must be unique per gateway instance and stable across restarts (persistent session).</summary>
    public string ClientId { get; set; } = "smartbin-gateway-1";

    /// <summary>MQTT 5 shared subscription group, so several gateways split the load; empty subscribes plainly.</summary>
    public string SharedGroup { get; set; } = "smartbin-gateways";

    /// <summary>First reconnect delay, ms (doubles up to <see cref="ReconnectMaxMs"/>).</summary>
    public int ReconnectMinMs { get; set; } = 500;

    /// <summary>Longest reconnect delay, ms.</summary>
    public int ReconnectMaxMs { get; set; } = 30_000;

    /// <summary>Session expiry at the broker, s, so messages published while the gateway is down wait for it.</summary>
    public int SessionExpiryS { get; set; } = 86_400;

    /// <summary>mosquitto <c>password_file</c> the gateway rewrites (atomically) at start and after every secret issue, disable and enable; empty = not managed.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>mosquitto <c>acl_file</c> rewritten together with <see cref="PasswordFile"/>; set both or neither.</summary>
    public string AclFile { get; set; } = "";
}

/// <summary>The relational store.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder for the database, time series and outboxes (created if missing).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite database file name inside <see cref="DataDirectory"/>.</summary>
    public string DatabaseFile { get; set; } = "smartbin.db";

    /// <summary>Rejected messages (with their payloads, for audit and replay) are kept this many days.</summary>
    public int RejectedRetentionDays { get; set; } = 90;
}

/// <summary>Ingest pipeline.</summary>
public sealed class IngestOptions
{
    /// <summary>Bounded queue between MQTT and the committer; a full queue slows the senders (backpressure).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most messages committed in one transaction (one fsync).</summary>
    public int BatchMax { get; set; } = 1_000;

    /// <summary>A bin time further in the future than this (s) is rejected as <c>clock-skew</c>.</summary>
    public int MaxFutureSkewS { get; set; } = 300;

    /// <summary>A drop-off older than this (days) is rejected as <c>clock-skew</c> (a bin with a wild clock).</summary>
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>Fault injection for tests: wait this long (ms) after receiving a batch and before committing it. 0 in production.</summary>
    public int TestDelayBeforeCommitMs { get; set; }

    /// <summary>
    /// Fault injection for tests: wait this long (ms) after committing a batch and before acking it, so a test can kill
    /// the gateway between commit and ack. 0 in production; refused unless <see cref="TestFaultInjection"/> is on.
    /// </summary>
    public int TestDelayAfterCommitMs { get; set; }

    /// <summary>Allows the test-only fault injection options that need it. Never set in production.</summary>
    public bool TestFaultInjection { get; set; }
}

/// <summary>Which time series backend.</summary>
public enum TimeSeriesBackend
{
    /// <summary>SQLite tables next to the database (default).</summary>
    Sqlite = 1,

    /// <summary>InfluxDB (or a compatible server) over HTTP line protocol.</summary>
    Influx = 2,
}

/// <summary>Time series settings.</summary>
public sealed class TimeSeriesOptions
{
    /// <summary>Backend.</summary>
    public TimeSeriesBackend Backend { get; set; } = TimeSeriesBackend.Sqlite;

    /// <summary>Raw points older than this are deleted (SQLite backend).</summary>
    public int RawRetentionDays { get; set; } = 30;

    /// <summary>Hourly roll-ups older than this are deleted (SQLite backend).</summary>
    public int RollupRetentionDays { get; set; } = 730;

    /// <summary>InfluxDB settings, used when <see cref="Backend"/> is Influx.</summary>
    public InfluxOptions Influx { get; set; } = new();
}

/// <summary>InfluxDB API flavour.</summary>
public enum InfluxApi
{
    /// <summary>1.x: <c>/write?db=</c> and <c>/query</c>.</summary>
    V1 = 1,

    /// <summary>2.x/3.x and compatible servers: <c>/api/v2/write?org=&amp;bucket=</c>.</summary>
    V2 = 2,
}

/// <summary>InfluxDB connection.</summary>
public sealed class InfluxOptions
{
    /// <summary>Base URL, e.g. http://127.0.0.1:8086.</summary>
    public string Url { get; set; } = "";

    /// <summary>Which write API.</summary>
    public InfluxApi Api { get; set; } = InfluxApi.V1;

    /// <summary>Database (1.x) or DBRP-mapped database for queries.</summary>
    public string Database { get; set; } = "smartbin";

    /// <summary>Organisation (2.x).</summary>
    public string Org { get; set; } = "";

    /// <summary>Bucket (2.x).</summary>
    public string Bucket { get; set; } = "smartbin";

    /// <summary>API token (2.x/3.x); sent as <c>Authorization: Token …</c>.</summary>
    public string Token { get; set; } = "";

    /// <summary>User (1.x with auth).</summary>
    public string Username { get; set; } = "";

    /// <summary>Password (1.x with auth).</summary>
    public string Password { get; set; } = "";

    /// <summary>Most lines per write request.</summary>
    public int BatchLines { get; set; } = 5_000;

    /// <summary>Longest a point waits before its batch is sent, ms.</summary>
    public int FlushIntervalMs { get; set; } = 1_000;

    /// <summary>First retry delay, ms (doubles, capped by <see cref="RetryMaxMs"/>; Retry-After wins when larger).</summary>
    public int RetryMinMs { get; set; } = 500;

    /// <summary>Longest retry delay, ms.</summary>
    public int RetryMaxMs { get; set; } = 60_000;

    /// <summary>Request timeout, ms.</summary>
    public int TimeoutMs { get; set; } = 10_000;
}

/// <summary>Alert rules.</summary>
public sealed class AlertOptions
{
    /// <summary>Fill level (%) at or above which a bin counts as full.</summary>
    public int FillThresholdPct { get; set; } = 80;

    /// <summary>How long the fill level must stay over the threshold before the alert opens, s.</summary>
    public int FillPersistenceS { get; set; } = 600;

    /// <summary>A bin silent this long (no telemetry, status or message) is offline, s.</summary>
    public int OfflineAfterS { get; set; } = 300;

    /// <summary>URL that receives every alert change as JSON (POST); empty disables.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Webhook request timeout, ms.</summary>
    public int WebhookTimeoutMs { get; set; } = 5_000;

    /// <summary>Most delivery attempts per alert change (network errors, 408, 429, 5xx are retried), then it is abandoned and counted.</summary>
    public int WebhookMaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first webhook retry, ms; doubles per attempt up to <see cref="WebhookRetryMaxMs"/>.</summary>
    public int WebhookRetryMinMs { get; set; } = 1_000;

    /// <summary>Longest delay between webhook retries, ms.</summary>
    public int WebhookRetryMaxMs { get; set; } = 60_000;

    /// <summary>How often silence and fill persistence are checked, s.</summary>
    public int CheckIntervalS { get; set; } = 5;
}

/// <summary>Demo seed.</summary>
public sealed class SeedOptions
{
    /// <summary>Seed the two pilot communities (always on an empty database).</summary>
    public bool PilotCommunities { get; set; } = true;

    /// <summary>Also register demo bins, households and cards matching <c>smartbin-sim fleet --bins N --seed S</c>.</summary>
    public bool DemoFleet { get; set; }

    /// <summary>The simulator's <c>--bins</c>.</summary>
    public int DemoBins { get; set; } = 4;

    /// <summary>The simulator's <c>--seed</c>.</summary>
    public int DemoSeed { get; set; } = 1;
}

/// <summary>The admin API.</summary>
public sealed class AdminOptions
{
    /// <summary>Broker host handed to a bin with its new secret; empty = the host name the operator's request used.</summary>
    public string BrokerHost { get; set; } = "";

    /// <summary>Broker port handed to a bin; 0 = the embedded broker's TLS port when TLS is on, else its plain port (External mode: <c>Mqtt:External:Port</c>).</summary>
    public int BrokerPort { get; set; }

    /// <summary>PEM file with the CA certificate bins should trust for the broker's TLS; empty = none sent.</summary>
    public string BrokerCaFile { get; set; } = "";

    /// <summary>Failed authentications one remote address may make per <see cref="FailedAuthWindowS"/> before it gets 429.</summary>
    public int FailedAuthLimit { get; set; } = 10;

    /// <summary>Window of <see cref="FailedAuthLimit"/>, s.</summary>
    public int FailedAuthWindowS { get; set; } = 300;
}
