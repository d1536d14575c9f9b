using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Web;

/// <summary>Registers the web services: live bin state (an <see cref="IBinObserver"/>), process metrics and the staff dashboard.</summary>
public static class WebRegistration
{
    /// <summary>Adds the web services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinWeb(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton<BinLiveState>();
        services.AddSingleton<IBinObserver>(sp => sp.GetRequiredService<BinLiveState>());
        services.AddSingleton<ProcessMetrics>();
        services.AddSmartBinStaff(options);
        services.AddSmartBinResidents(options);
        return services;
    }
}

/// <summary>Maps the HTTP endpoints: health, metrics, status API and the status page.</summary>
public static class WebEndpoints
{
    /// <summary>Content type of the Prometheus text exposition format.</summary>
    public const string MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Longest a readiness check may take before it counts as not ready.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Default row counts when <c>limit</c> is absent.</summary>
    private const int DropOffsDefault = 20, BalancesDefault = 10, AlertHistoryDefault = 50;

    /// <summary>Maps health, metrics, status API and page, and the staff dashboard under <c>/staff</c>.</summary>
    public static WebApplication MapSmartBinWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Behind a TLS reverse proxy on the same machine (docs/gateway.md), the proxy's X-Forwarded-Proto makes the
        // request count as HTTPS (cookies Secure) and X-Forwarded-For names the caller for the per-address login and
        // key limits. Only from loopback proxies (the framework's default KnownProxies/KnownNetworks): a remote
        // caller cannot forge either header.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", ReadyAsync);
        app.MapGet("/metrics", (GatewayMetrics metrics, ProcessMetrics process) =>
        {
            process.Refresh();
            return Results.Text(metrics.Render(), MetricsContentType);
        });
        MapStatusApi(app.MapGroup("/api/status"));
        app.MapGet("/", (HttpContext context) => StatusPage.Render(context, Views(context)));
        app.MapSmartBinStaff();
        app.MapSmartBinResidents();
        return app;
    }

    private static void MapStatusApi(RouteGroupBuilder api)
    {
        api.AddEndpointFilter(async (ctx, next) =>
        {
            ctx.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(ctx);
        });
        api.MapGet("/communities", (HttpContext c) =>
            Views(c) is { } v ? Results.Json(new { communities = v.Communities() }) : StatusQuery.Unavailable("the read model"));
        api.MapGet("/bins", (HttpContext c) =>
            Views(c) is { } v ? Results.Json(new { bins = v.Bins() }) : StatusQuery.Unavailable("the read model"));
        api.MapGet("/dropoffs", (HttpContext c) =>
        {
            if (StatusQuery.LimitAndBin(c.Request, DropOffsDefault, out var limit, out var bin) is { } bad)
            {
                return bad;
            }
            return Views(c) is { } v ? Results.Json(new { dropOffs = v.DropOffs(limit, bin) }) : StatusQuery.Unavailable("the read model");
        });
        api.MapGet("/balances", (HttpContext c) =>
            StatusQuery.Limit(c.Request, BalancesDefault, out var limit) ??
            (Views(c) is { } v ? Results.Json(new { balances = v.Balances(limit) }) : StatusQuery.Unavailable("the read model")));
        api.MapGet("/alerts", (HttpContext c, AlertEngine engine) =>
        {
            if (StatusQuery.LimitAndBin(c.Request, AlertHistoryDefault, out var limit, out var bin) is { } bad)
            {
                return bad;
            }
            var open = engine.OpenAlerts().Where(a => bin is null || a.BinId == bin).ToList();
            return Results.Json(new { open, recent = engine.History(bin, limit) });
        });
    }

    private static StatusViews? Views(HttpContext context)
    {
        var services = context.RequestServices;
        return services.GetService<IGatewayReadModel>() is { } readModel
            ? new StatusViews(readModel, services.GetRequiredService<BinLiveState>(), services.GetRequiredService<AlertEngine>(), services.GetRequiredService<GatewayOptions>())
            : null;
    }

    private static async Task<IResult> ReadyAsync(IEnumerable<IReadinessCheck> checks, TimeProvider time, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(c => RunCheckAsync(c, time, cancellationToken)));
        var ready = results.All(r => r.Ready);
        return Results.Json(new { status = ready ? "ready" : "not-ready", checks = results },
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<CheckView> RunCheckAsync(IReadinessCheck check, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // WaitAsync also bounds a check that ignores its token.
            var result = await check.CheckAsync(cancellationToken).AsTask().WaitAsync(ReadinessTimeout, time, cancellationToken);
            return new CheckView(check.Name, result.Ready, result.Detail);
        }
        catch (TimeoutException)
        {
            return new CheckView(check.Name, false, "timed out");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new CheckView(check.Name, false, "failed: " + e.GetType().Name);
        }
    }

    private sealed record CheckView(string Name, bool Ready, string Detail);
}
