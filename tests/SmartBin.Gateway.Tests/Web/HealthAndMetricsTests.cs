using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;
using Xunit;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>Health and metrics endpoints on a real Kestrel server.</summary>
public sealed partial class HealthAndMetricsTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_and_ready_lists_the_alert_store()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var (live, liveJson) = await rig.GetJsonAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("live", liveJson.GetProperty("status").GetString());

        var (ready, json) = await rig.GetJsonAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", json.GetProperty("status").GetString());
        var store = json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "alert-store");
        Assert.True(store.GetProperty("ready").GetBoolean());
        Assert.Equal("0 open", store.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ready_is_503_when_any_check_fails_or_throws_and_names_each()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot(), s => s
            .AddSingleton<IReadinessCheck>(new Check("ledger", _ => new(new ReadinessResult(false, "migrating"))))
            .AddSingleton<IReadinessCheck>(new Check("mqtt-broker", _ => throw new InvalidOperationException("boom"))));
        var (response, json) = await rig.GetJsonAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not-ready", json.GetProperty("status").GetString());
        var checks = json.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(checks["alert-store"].GetProperty("ready").GetBoolean());
        Assert.Equal("migrating", checks["ledger"].GetProperty("detail").GetString());
        Assert.False(checks["mqtt-broker"].GetProperty("ready").GetBoolean());
        Assert.Equal("failed: InvalidOperationException", checks["mqtt-broker"].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_a_counter_we_increment_and_process_gauges()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var metrics = rig.Services.GetRequiredService<GatewayMetrics>();
        metrics.Increment("smartbin_test_widgets_total", "Widgets counted by the test.", 3, ("kind", "blue"));
        metrics.Increment("smartbin_test_widgets_total", "Widgets counted by the test.", 4, ("kind", "blue"));

        var response = await rig.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("# HELP smartbin_test_widgets_total Widgets counted by the test.", lines);
        Assert.Contains("# TYPE smartbin_test_widgets_total counter", lines);
        Assert.Contains("smartbin_test_widgets_total{kind=\"blue\"} 7", lines);
        Assert.Contains("# TYPE smartbin_process_working_set_bytes gauge", lines);
        Assert.Contains("# TYPE smartbin_alerts_open gauge", lines);
        Assert.True(Sample(lines, "smartbin_process_working_set_bytes") > 1_000_000);
        Assert.True(Sample(lines, "smartbin_process_gc_heap_bytes") > 0);
        Assert.True(Sample(lines, "smartbin_process_uptime_seconds") >= 0);
        foreach (var line in lines)
        {
            Assert.Matches(line.StartsWith('#') ? CommentLine() : SampleLine(), line);
        }
        // Every family has exactly one HELP and one TYPE line, TYPE right after HELP.
        var help = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        var type = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(help, type);
        Assert.Equal(help.Count, help.Distinct().Count());
    }

    private static double Sample(string[] lines, string name) =>
        double.Parse(lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("""^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$""")]
    private static partial Regex CommentLine();

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*\})? ([-+]?[0-9.eE+-]+|[+-]Inf|NaN)$""")]
    private static partial Regex SampleLine();

    private sealed class Check(string name, Func<CancellationToken, ValueTask<ReadinessResult>> check) : IReadinessCheck
    {
        public string Name => name;

        public ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => check(cancellationToken);
    }
}
