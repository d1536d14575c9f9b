using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>
/// The real gateway (<see cref="GatewayApp.Build"/>) on loopback with the demo fleet (baiyun-0001, xiahang-0001, …)
/// and four staff accounts: <see cref="Admin"/> (all communities), <see cref="Baiyun"/> and <see cref="Xiahang"/>
/// (staff of one community each) and a disabled one. Password hashing runs with the lowest iteration count.
/// Shared with the browser tests (tests/SmartBin.Web.Tests links this file).
/// </summary>
internal sealed partial class StaffRig : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";
    public const string Admin = "alice";
    public const string Baiyun = "bai";
    public const string Xiahang = "xia";
    public const string Disabled = "dora";

    private readonly WebApplication app;

    private StaffRig(WebApplication app, string folder, int mqttPort)
    {
        this.app = app;
        Folder = folder;
        MqttPort = mqttPort;
        BaseAddress = new Uri(app.Urls.First());
        Store = app.Services.GetRequiredService<SqliteGatewayStore>();
        Add(Admin, StaffRoles.Admin, null);
        Add(Baiyun, StaffRoles.Staff, "baiyun");
        Add(Xiahang, StaffRoles.Staff, "xiahang");
        Add(Disabled, StaffRoles.Staff, null);
        Assert.True(Store.DisableStaffUser(Disabled));
    }

    public Uri BaseAddress { get; }

    public string Folder { get; }

    public int MqttPort { get; }

    public SqliteGatewayStore Store { get; }

    public IServiceProvider Services => app.Services;

    public WebApplication App => app;

    public GatewayMetrics Metrics => app.Services.GetRequiredService<GatewayMetrics>();

    /// <summary>Starts a gateway; <paramref name="extra"/> adds or overrides configuration keys.</summary>
    public static async Task<StaffRig> StartAsync(IReadOnlyDictionary<string, string?>? extra = null, int demoBins = 4)
    {
        var folder = Directory.CreateTempSubdirectory("smartbin-staff-").FullName;
        var mqttPort = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["SmartBin:Mqtt:Embedded:BindAddress"] = "127.0.0.1",
            ["SmartBin:Mqtt:Embedded:Port"] = mqttPort.ToString(CultureInfo.InvariantCulture),
            ["SmartBin:Storage:DataDirectory"] = folder,
            ["SmartBin:Seed:DemoFleet"] = "true",
            ["SmartBin:Seed:DemoBins"] = demoBins.ToString(CultureInfo.InvariantCulture),
            ["SmartBin:Staff:PasswordIterations"] = StaffPasswords.IterationsMin.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = GatewayApp.Build([], settings);
        await app.StartAsync();
        return new StaffRig(app, folder, mqttPort);
    }

    public void Add(string username, string role, string? community) =>
        Assert.Equal(AddStaffOutcome.Added, Store.AddStaffUser(new StaffUserRecord(username, username.ToUpperInvariant(), role, community,
            StaffPasswords.Hash(Password, StaffPasswords.IterationsMin), DateTimeOffset.UtcNow, null)));

    /// <summary>A client with its own cookies, not signed in; it does not follow redirects (tests look at them).</summary>
    public HttpClient NewClient(string? acceptLanguage = "en")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        return client;
    }

    /// <summary>Posts the login form as a browser would (anti-forgery token from the page); returns the answer.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string username, string password)
    {
        var token = await TokenAsync(client, "/staff/login");
        return await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>A signed-in client of <paramref name="username"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string username, string? acceptLanguage = "en")
    {
        var client = NewClient(acceptLanguage);
        using var response = await PostLoginAsync(client, username, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The anti-forgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no anti-forgery token on " + path);
        return match.Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
