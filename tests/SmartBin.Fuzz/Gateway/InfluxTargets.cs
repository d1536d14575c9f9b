using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using SmartBin.Fuzz.Engine;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;

namespace SmartBin.Fuzz.Gateway;

/// <summary>
/// The InfluxDB write path's handling of responses (<c>InfluxHttp.WriteAsync</c> and the retry decision): whatever
/// the server answers, the call returns (never throws), and the outcome follows the documented rule: 2xx written;
/// 429/5xx/network/timeout retried with the server's Retry-After parsed and capped; anything else set aside.
/// </summary>
internal sealed class InfluxWriteTarget : IFuzzTarget
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Lines = Encoding.UTF8.GetBytes("telemetry,bin=baiyun-0007 fill_pct=42i 1795392000000000000\n");
    private readonly HostileInflux server = new();
    private readonly InfluxHttp http;
    private string last = "";

    public InfluxWriteTarget()
    {
        var options = new InfluxOptions { Url = "http://influx.invalid:8086", TimeoutMs = 10_000 };
        http = new InfluxHttp(options, new FixedTime(Now), server);
    }

    public string Name => "influx-write";

    public int Epoch => 1;

    /// <summary>Retry reasons of <c>smartbin_tsdb_retries_total</c> and the set-aside of TimeSeries/README.md.</summary>
    public IReadOnlySet<string> DocumentedReasons { get; } = new HashSet<string> { "retry-429", "retry-5xx", "retry-network", "retry-timeout", "set-aside" };

    public string LastInput => last;

    public void Reset()
    {
    }

    public string? Run(long index, Random random)
    {
        var kind = random.Next(20);
        string? retryAfter = null;
        var status = -1;
        if (kind == 0)
        {
            last = "network error";
            server.Answer(() => throw new HttpRequestException("connection refused (fuzz)"));
        }
        else if (kind == 1)
        {
            last = "timeout";
            server.Answer(() => throw new OperationCanceledException("timed out (fuzz)"));
        }
        else
        {
            var body = HostileBodies.Next(random);
            var response = HostileInflux.Response(random, body, out retryAfter);
            status = (int)response.StatusCode;
            last = $"HTTP {status}, Retry-After '{retryAfter}', {response.Content.Headers.ContentType}, body {Printable.Of(body.AsSpan(0, Math.Min(body.Length, 60)))}";
            server.Answer(() => response);
        }
        var result = http.WriteAsync(Lines, CancellationToken.None).GetAwaiter().GetResult();
        return Judge(result, status, retryAfter, random);
    }

    private static string? Judge(WriteResult result, int status, string? retryAfter, Random random)
    {
        if (result.Detail.Length > InfluxHttp.ErrorTextCharsMax + 1)
        {
            throw new FuzzViolation($"error text of {result.Detail.Length} characters kept");
        }
        var expected = status < 0 ? WriteOutcome.Retry
            : InfluxRetryPolicy.IsSuccess(status) ? WriteOutcome.Written
            : InfluxRetryPolicy.IsRetryable(status) ? WriteOutcome.Retry : WriteOutcome.Rejected;
        // A body that breaks off is a network error whatever the status said; it is retried.
        var brokenBody = status >= 0 && result.Outcome == WriteOutcome.Retry && result.RetryReason == "network";
        if (result.Outcome != expected && !brokenBody)
        {
            throw new FuzzViolation($"HTTP {status} gave {result.Outcome}, expected {expected}");
        }
        switch (result.Outcome)
        {
            case WriteOutcome.Written:
                return null;
            case WriteOutcome.Rejected:
                return "set-aside";
            default:
                CheckRetry(result, status, retryAfter, random);
                return "retry-" + result.RetryReason;
        }
    }

    private static void CheckRetry(WriteResult result, int status, string? retryAfter, Random random)
    {
        if (status >= 0 && result.RetryReason != "network" && result.RetryAfter != InfluxRetryPolicy.ParseRetryAfter(retryAfter, Now))
        {
            throw new FuzzViolation($"Retry-After '{retryAfter}' read as {result.RetryAfter}");
        }
        if (result.RetryAfter is { } asked && (asked < TimeSpan.Zero || asked > InfluxRetryPolicy.RetryAfterMax))
        {
            throw new FuzzViolation($"Retry-After {asked} outside 0…{InfluxRetryPolicy.RetryAfterMax}");
        }
        var delay = InfluxRetryPolicy.Delay(random.Next(0, 100), 500, 60_000, random.NextDouble(), result.RetryAfter);
        var ceiling = result.RetryAfter is { } a && a > TimeSpan.FromMinutes(1) ? a : TimeSpan.FromMinutes(1);
        if (delay < TimeSpan.FromMilliseconds(250) || delay > ceiling)
        {
            throw new FuzzViolation($"retry delay {delay} outside 250 ms…{ceiling}");
        }
    }
}

/// <summary>
/// The InfluxDB query path's handling of <c>/query</c> answers (<c>InfluxTimeSeriesReader</c> over
/// <c>InfluxQueryResult.Parse</c>): any answer gives samples or an <see cref="InfluxQueryException"/>, nothing else.
/// </summary>
internal sealed class InfluxQueryTarget : IFuzzTarget
{
    private static readonly SeriesQuery Raw = new("baiyun-0007", "telemetry", "fill_pct", new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), SeriesResolution.Raw);
    private static readonly string[] Dictionary = ["\"results\":", "\"series\":", "\"values\":", "\"columns\":", "\"error\":", "[[", "]]", "null", "1e400", "\"x\"", "-9223372036854775808", "{}", "[]"];
    private readonly HostileInflux server = new();
    private readonly InfluxTimeSeriesReader reader;
    private readonly Mutator mutator;
    private string last = "";

    public InfluxQueryTarget()
    {
        reader = new InfluxTimeSeriesReader(new InfluxHttp(new InfluxOptions { Url = "http://influx.invalid:8086" }, new FixedTime(DateTimeOffset.UnixEpoch), server));
        mutator = new Mutator([Encoding.UTF8.GetBytes(Answer(new Random(1), true)), Encoding.UTF8.GetBytes(Answer(new Random(2), false))], Dictionary, 4_000);
    }

    public string Name => "influx-query";

    public int Epoch => 1;

    /// <summary>The reader's documented failures: <see cref="InfluxQueryException"/> for an answer, HttpRequestException for the connection.</summary>
    public IReadOnlySet<string> DocumentedReasons { get; } = new HashSet<string> { "query-error", "network" };

    public string LastInput => last;

    public void Reset()
    {
    }

    public string? Run(long index, Random random)
    {
        var hourly = random.Next(2) == 0;
        var body = random.Next(3) == 0 ? mutator.Next(random) : Encoding.UTF8.GetBytes(Edited(random, hourly));
        var response = random.Next(8) == 0 ? HostileInflux.Response(random, body, out _) : new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        last = $"HTTP {(int)response.StatusCode} {(hourly ? "hourly" : "raw")}: {Printable.Of(body)}";
        server.Answer(() => response);
        try
        {
            var samples = reader.ReadAsync(Raw with { Resolution = hourly ? SeriesResolution.Hourly : SeriesResolution.Raw }, CancellationToken.None).GetAwaiter().GetResult();
            if (samples.Count > ITimeSeriesReader.SamplesMax)
            {
                throw new FuzzViolation($"{samples.Count} samples");
            }
            return null;
        }
        catch (InfluxQueryException)
        {
            return "query-error";
        }
        catch (HttpRequestException)
        {
            return "network"; // the stub broke the connection while the body was read: not an answer, passed up as is
        }
    }

    /// <summary>A well-formed answer with a few rows.</summary>
    private static string Answer(Random r, bool hourly)
    {
        var columns = hourly ? "[\"time\",\"min\",\"max\",\"mean\",\"last\",\"count\"]" : "[\"time\",\"fill_pct\"]";
        var rows = Enumerable.Range(0, r.Next(0, 4)).Select(i =>
        {
            var t = (1_795_392_000L + i * 3600L) * 1_000_000_000L;
            return hourly ? $"[{t},1,{r.Next(100)},4.5,{r.Next(100)},{r.Next(1, 60)}]" : $"[{t},{r.Next(100)}]";
        });
        return "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"telemetry\",\"tags\":{\"bin\":\"baiyun-0007\"},\"columns\":" + columns +
            ",\"values\":[" + string.Join(",", rows) + "]}]}]}";
    }

    // Structural edits inside the answer: cells, rows, columns, errors.
    private static string Edited(Random r, bool hourly)
    {
        var text = Answer(r, hourly);
        string[] swaps =
        [
            "null", "\"x\"", "1.5", "1e300", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "[]", "{}", "true",
            "\"2026-11-23T00:00:00Z\"", "[1]", "[]",
        ];
        for (var n = r.Next(0, 4); n > 0; n--)
        {
            text = r.Next(7) switch
            {
                0 => ReplaceNumber(r, text, swaps[r.Next(swaps.Length)]),
                1 => text.Replace("\"values\":[", "\"values\":[[" + swaps[r.Next(swaps.Length)] + "],", StringComparison.Ordinal),
                2 => text.Replace("\"columns\":", r.Next(2) == 0 ? "\"columnz\":" : "\"columns\":" + swaps[r.Next(swaps.Length)] + ",\"c\":", StringComparison.Ordinal),
                3 => text.Replace("{\"statement_id\":0,", "{\"statement_id\":0,\"error\":" + swaps[r.Next(swaps.Length)] + ",", StringComparison.Ordinal),
                4 => r.Next(2) == 0 ? "{\"error\":" + swaps[r.Next(swaps.Length)] + "}" : "{\"results\":" + swaps[r.Next(swaps.Length)] + "}",
                5 => text.Replace("\"bin\":\"baiyun-0007\"", "\"bin\":" + swaps[r.Next(swaps.Length)], StringComparison.Ordinal),
                _ => text.Replace("\"series\":[", "\"series\":[" + swaps[r.Next(swaps.Length)] + ",", StringComparison.Ordinal),
            };
        }
        return text;
    }

    private static string ReplaceNumber(Random r, string text, string with)
    {
        var starts = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1]))).ToArray();
        if (starts.Length == 0)
        {
            return text;
        }
        var start = starts[r.Next(starts.Length)];
        var end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }
        return text[..start] + with + text[end..];
    }
}

/// <summary>Gateway targets by name.</summary>
internal static class GatewayTargets
{
    public static IEnumerable<IFuzzTarget> All() => [.. BinMessageTarget.All(), new InfluxWriteTarget(), new InfluxQueryTarget()];
}
