using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Alerts;
using SmartBin.Gateway.Web;
using Xunit;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>
/// A real Kestrel server on a free loopback port with the alerts and web registrations, an in-test read model and
/// a fake clock, plus an <see cref="HttpClient"/> pointed at it.
/// </summary>
internal sealed class WebRig : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private WebRig(WebApplication app, string folder)
    {
        this.app = app;
        this.folder = folder;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public FakeTimeProvider Time => (FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>();

    public static async Task<WebRig> StartAsync(IGatewayReadModel? readModel, Action<IServiceCollection>? extra = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "smartbin-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Content root in the temp folder so the gateway's appsettings.json (port 5080) is not picked up.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var options = new GatewayOptions { Storage = { DataDirectory = folder } };
        var time = new FakeTimeProvider(Msg.Start);
        time.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        builder.Services.AddSingleton(options).AddSingleton<GatewayMetrics>().AddSingleton<TimeProvider>(time);
        if (readModel is not null)
        {
            builder.Services.AddSingleton(readModel);
        }
        builder.Services.AddSmartBinAlerts(options).AddSmartBinWeb(options);
        extra?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSmartBinWeb();
        await app.StartAsync();
        return new WebRig(app, folder);
    }

    /// <summary>Hands a message to every registered observer, as ingest does.</summary>
    public void Observe(Action<IBinObserver> deliver)
    {
        foreach (var observer in app.Services.GetServices<IBinObserver>())
        {
            deliver(observer);
        }
    }

    public async Task<(HttpResponseMessage Response, JsonElement Json)> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds (the alert engine judges asynchronously).</summary>
    public async Task<JsonElement> GetJsonUntilAsync(string path, Func<JsonElement, bool> done)
    {
        var json = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            (_, json) = await GetJsonAsync(path);
            return done(json);
        });
        return json;
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

    public static IReadOnlyList<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
