using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>
/// The real gateway (<see cref="GatewayApp.Build"/>, as Program.Main) on loopback: Kestrel on a free port, the
/// embedded broker on a free port, SQLite in a temp folder with the demo fleet, and three operators made through the
/// store: an admin, a staff member and a disabled admin. Requests go over real HTTP.
/// </summary>
internal sealed class AdminRig : IAsyncDisposable
{
    public const string Base = "/api/admin/v1";

    private readonly WebApplication app;

    private AdminRig(WebApplication app, string folder)
    {
        this.app = app;
        Folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Store = app.Services.GetRequiredService<SqliteGatewayStore>();
        AdminKey = AddOperator("alice", AdminRoles.Admin);
        StaffKey = AddOperator("sam", AdminRoles.Staff);
        DisabledKey = AddOperator("dave", AdminRoles.Admin);
        Assert.True(Store.DisableOperator("dave"));
    }

    public HttpClient Http { get; }

    public string Folder { get; }

    public SqliteGatewayStore Store { get; }

    public IServiceProvider Services => app.Services;

    public GatewayMetrics Metrics => app.Services.GetRequiredService<GatewayMetrics>();

    public EmbeddedBroker Broker => app.Services.GetRequiredService<EmbeddedBroker>();

    public string AdminKey { get; }

    public string StaffKey { get; }

    public string DisabledKey { get; }

    /// <summary>Starts a gateway; <paramref name="extra"/> adds configuration keys.</summary>
    public static async Task<AdminRig> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var folder = Directory.CreateTempSubdirectory("smartbin-admin-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["SmartBin:Mqtt:Embedded:BindAddress"] = "127.0.0.1",
            ["SmartBin:Mqtt:Embedded:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["SmartBin:Storage:DataDirectory"] = folder,
            ["SmartBin:Seed:DemoFleet"] = "true",
            ["SmartBin:Seed:DemoBins"] = "2",
            ["SmartBin:Admin:FailedAuthLimit"] = "1000000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = GatewayApp.Build([], settings);
        await app.StartAsync();
        return new AdminRig(app, folder);
    }

    public string AddOperator(string name, string role)
    {
        var key = ApiKeys.Create();
        Assert.True(Store.AddOperator(new OperatorRecord(name, role, key.KeyId, key.SecretHash, DateTimeOffset.UtcNow, null)));
        return key.Text;
    }

    /// <summary>Sends a request with <paramref name="key"/> as bearer (none when null) and a JSON body (none when null).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : Base + "/" + path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        var response = await Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var json = content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> AdminAsync(HttpMethod method, string path, object? body = null) =>
        SendAsync(method, path, AdminKey, body);

    /// <summary>Registers a bin and issues its secret; returns the secret.</summary>
    public async Task<string> NewBinWithSecretAsync(string binId)
    {
        var (put, _, _) = await AdminAsync(HttpMethod.Put, "bins/" + binId, new { community = "baiyun", material = "PET" });
        Assert.Equal(HttpStatusCode.Created, put);
        var (status, json, _) = await AdminAsync(HttpMethod.Post, $"bins/{binId}/secret");
        Assert.Equal(HttpStatusCode.OK, status);
        return json.GetProperty("secret").GetString()!;
    }

    /// <summary>Asserts a problem+json answer with <paramref name="code"/>.</summary>
    public static void AssertProblem((HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response) answer, string code)
    {
        Assert.True(AdminProblems.StatusOf(code) == (int)answer.Status, $"expected {code} ({AdminProblems.StatusOf(code)}), got {(int)answer.Status}: {answer.Json}");
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, answer.Json.GetProperty("code").GetString());
        Assert.Equal(AdminProblems.TypeBase + code, answer.Json.GetProperty("type").GetString());
        Assert.Equal((int)answer.Status, answer.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(answer.Json.GetProperty("detail").GetString()));
    }

    public double Rejected(string code) => Metrics.Value(AdminProblems.RejectedMetric, ("code", code));

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
