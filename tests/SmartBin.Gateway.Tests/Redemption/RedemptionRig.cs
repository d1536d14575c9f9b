using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>An HTTP answer: status, headers and the JSON body.</summary>
internal sealed record Answer(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
{
    public string Code => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";

    public string Id => Json.GetProperty("id").GetString()!;

    public string State => Json.GetProperty("state").GetString()!;

    public bool Replayed => Response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true");
}

/// <summary>
/// A real Kestrel server on a free loopback port with the store (seeded: pilot communities and the simulator's
/// 4-bin fleet) and the redemption API, a fake clock, and partners: <c>shop-a</c> (all communities),
/// <c>shop-b</c> (baiyun only), <c>mall-a</c>, <c>mall-b</c>, <c>card-a</c>, and the disabled <c>shop-x</c>.
/// </summary>
internal sealed class RedemptionRig : IAsyncDisposable
{
    public const string BaiyunHousehold = "demo-baiyun-0001-00";
    public const string XiahangHousehold = "demo-xiahang-0001-00";
    public static readonly string BaiyunCard = StorageSeeds.DemoCardUid(1, 0);
    public static readonly string XiahangCard = StorageSeeds.DemoCardUid(2, 0);

    private readonly WebApplication app;
    private readonly string folder;
    private int creditCount;

    private RedemptionRig(WebApplication app, string folder)
    {
        this.app = app;
        this.folder = folder;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public FakeTimeProvider Time => (FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>();

    public SqliteGatewayStore Store => app.Services.GetRequiredService<SqliteGatewayStore>();

    public GatewayMetrics Metrics => app.Services.GetRequiredService<GatewayMetrics>();

    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public string DatabasePath => Store.DatabasePath;

    public static async Task<RedemptionRig> StartAsync(Action<RedemptionOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "smartbin-redeem-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var options = new GatewayOptions
        {
            Storage = { DataDirectory = folder },
            Seed = new SeedOptions { PilotCommunities = true, DemoFleet = true, DemoBins = 4, DemoSeed = 1 },
        };
        configure?.Invoke(options.Redemption);
        Assert.Empty(GatewayOptionsValidator.Check(options));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton(options).AddSingleton<GatewayMetrics>().AddSingleton<TimeProvider>(time);
        builder.Services.AddSmartBinStorage(options).AddSmartBinRedemption(options);
        var app = builder.Build();
        app.MapSmartBinRedemption();
        await app.StartAsync();
        var rig = new RedemptionRig(app, folder);
        var partners = app.Services.GetRequiredService<PartnerDirectory>();
        foreach (var (id, kind, community) in new[]
                 {
                     ("shop-a", PartnerKinds.Shop, (string?)null), ("shop-b", PartnerKinds.Shop, "baiyun"), ("mall-a", PartnerKinds.Mall, null),
                     ("mall-b", PartnerKinds.Mall, "baiyun"), ("card-a", PartnerKinds.CitizenCard, null), ("card-b", PartnerKinds.CitizenCard, "baiyun"),
                     ("shop-x", PartnerKinds.Shop, null),
                 })
        {
            var added = partners.Add(id, kind, "Test " + id, community);
            Assert.True(added.Partner is not null, added.Error);
            rig.Keys[id] = added.ApiKey;
        }
        Assert.True(partners.Disable("shop-x"));
        return rig;
    }

    /// <summary>Every mapped partner endpoint: method, route pattern and the partner kind it serves.</summary>
    public IReadOnlyList<(string Method, string Pattern, string Kind)> PartnerRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(RedemptionEndpoints.Prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m =>
                (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<PartnerKindRequirement>()?.Kind ?? "")))
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();

    /// <summary>Credits a household from issuance, as a drop-off would.</summary>
    public void Credit(string householdId, long amount, string unit = LedgerUnits.Points)
    {
        var result = Store.Transfer($"test-credit:{++creditCount}", unit, amount, LedgerAccounts.Issuance, LedgerAccounts.Household(householdId), "credit", "test");
        Assert.Equal(TransferStatus.Applied, result.Status);
    }

    public long Balance(string account) => Store.Balance(account, LedgerUnits.Points);

    public async Task<Answer> PostAsync(string partner, string path, object? body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (partner.Length > 0)
        {
            Authorize(request, partner);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        return await SendAsync(request);
    }

    public async Task<Answer> GetAsync(string partner, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (partner.Length > 0)
        {
            Authorize(request, partner);
        }
        return await SendAsync(request);
    }

    /// <summary>A partner's key, a raw header value (contains a space) or any other string as a bearer token.</summary>
    private void Authorize(HttpRequestMessage request, string caller)
    {
        if (caller.Contains(' ', StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("Authorization", caller);
            return;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys.TryGetValue(caller, out var key) ? key : caller);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Answer(response.StatusCode, json, response);
    }

    /// <summary>A scalar read through a separate connection, as an auditor would.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public long TransferCount => Scalar("SELECT COUNT(*) FROM transfers");

    /// <summary>The ledger's invariants, checked from the file.</summary>
    public void AssertLedgerInvariants()
    {
        LedgerAudit.AssertInvariants(DatabasePath);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}

/// <summary>Ledger invariants read straight from the database file.</summary>
internal static class LedgerAudit
{
    public static void AssertInvariants(string databasePath)
    {
        using var c = new SqliteConnection($"Data Source={databasePath};Pooling=False;Mode=ReadOnly");
        c.Open();
        // Every unit sums to zero over all entries (double entry).
        Assert.Equal(0, Long(c, "SELECT COUNT(*) FROM (SELECT unit FROM entries GROUP BY unit HAVING SUM(amount) <> 0)"));
        // Each stored balance equals the sum of its account's entries, and every account with entries has one.
        Assert.Equal(0, Long(c,
            "SELECT COUNT(*) FROM (SELECT e.account, e.unit, SUM(e.amount) AS s FROM entries e GROUP BY e.account, e.unit) x " +
            "LEFT JOIN balances b ON b.account = x.account AND b.unit = x.unit WHERE b.balance IS NULL OR b.balance <> x.s"));
        // Nothing but issuance is below zero.
        Assert.Equal(0, Long(c, "SELECT COUNT(*) FROM balances WHERE account <> 'issuance' AND balance < 0"));
        // Carbon points never leave households for redemption accounts.
        Assert.Equal(0, Long(c, "SELECT COUNT(*) FROM transfers WHERE unit = 'gco2e' AND idempotency_key LIKE 'p:%'"));
        // reserved:{household} holds exactly the open reservations of that household.
        Assert.Equal(0, Long(c,
            "SELECT COUNT(*) FROM (SELECT 'reserved:' || household_id AS account, SUM(CASE WHEN state = 'reserved' THEN points ELSE 0 END) AS s " +
            "FROM redemptions GROUP BY household_id) r LEFT JOIN balances b ON b.account = r.account AND b.unit = 'points' " +
            "WHERE COALESCE(b.balance, 0) <> r.s"));
        // partner:{id} holds exactly what it captured and did not give back.
        Assert.Equal(0, Long(c,
            "SELECT COUNT(*) FROM (SELECT 'partner:' || partner_id AS account, SUM(captured_points - refunded_points) AS s " +
            "FROM redemptions GROUP BY partner_id) r LEFT JOIN balances b ON b.account = r.account AND b.unit = 'points' " +
            "WHERE COALESCE(b.balance, 0) <> r.s"));
    }

    public static long Long(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
