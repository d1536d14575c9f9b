using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Web;

/// <summary>
/// What every answer of a browser-facing area (the staff dashboard, the resident portal) gets: security headers
/// (a content security policy without inline scripts, no sniffing, no caching of personal pages), a
/// <c>Server-Timing: app;dur=</c> header up to the first byte, and server time per route in a histogram.
/// </summary>
internal sealed class HtmlAreaMiddleware(string styleSources, string metric, string help)
{
    private static readonly double[] SecondsBuckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    /// <summary>Adds the middleware to <paramref name="area"/> (a branch for the area's path).</summary>
    public void UseIn(IApplicationBuilder area) => area.Use(InvokeAsync);

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src " + styleSources + "; img-src 'self' data:; " +
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "same-origin";
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers["Server-Timing"] = "app;dur=" + ms.ToString("0.0", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        await next(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "none";
        context.RequestServices.GetRequiredService<GatewayMetrics>().Observe(metric, help, Stopwatch.GetElapsedTime(started).TotalSeconds,
            SecondsBuckets, ("route", route));
    }
}
