using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Fuzz.Engine;

namespace SmartBin.Fuzz.Gateway;

/// <summary>
/// An HTTP handler standing in for a broken or hostile InfluxDB: it answers each request with the response the
/// fuzzer built (any status 0–999, odd Retry-After and error headers, bodies in unknown charsets, bodies that fail
/// half way), or fails the request like a network error or a timeout. Header values stay within what an HTTP/1.1
/// parser can hand over (visible ASCII, tab, obs-text), so a failure is the gateway's, not the stub's.
/// </summary>
internal sealed class HostileInflux : HttpMessageHandler
{
    private static readonly string[] ContentTypes =
    [
        "text/plain; charset=utf-8", "application/json", "text/plain", "text/plain; charset=bogus-9", "text/plain; charset=\"utf-16\"",
        "application/json; charset=utf-32", "text/html; charset=latin1", "text/plain; charset=", "x/y; charset=utf-7",
    ];

    private Func<HttpResponseMessage>? next;

    /// <summary>What the next request gets.</summary>
    public void Answer(Func<HttpResponseMessage> response) => next = response;

    /// <summary>A random response around <paramref name="body"/>; the Retry-After it carries, if any, is returned.</summary>
    public static HttpResponseMessage Response(Random r, byte[] body, out string? retryAfter)
    {
        var status = r.Next(6) switch
        {
            0 => 204,
            1 => 429,
            2 => 500 + r.Next(100),
            3 => 400 + r.Next(100),
            4 => r.Next(1000),
            _ => new[] { 200, 400, 401, 404, 413, 503 }[r.Next(6)],
        };
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = Content(r, body) };
        retryAfter = null;
        if (r.Next(3) > 0)
        {
            retryAfter = RetryAfter(r);
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            if (r.Next(10) == 0)
            {
                var second = RetryAfter(r);
                response.Headers.TryAddWithoutValidation("Retry-After", second);
                retryAfter += "," + second;
            }
        }
        if (r.Next(3) == 0)
        {
            response.Headers.TryAddWithoutValidation("X-Influxdb-Error", HeaderText(r, r.Next(4) == 0 ? 5_000 : 80));
        }
        if (r.Next(4) == 0)
        {
            response.ReasonPhrase = HeaderText(r, 40);
        }
        return response;
    }

    /// <summary>A header value: numbers, dates, and noise.</summary>
    public static string RetryAfter(Random r) => r.Next(9) switch
    {
        0 => r.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
        1 => r.NextInt64().ToString(CultureInfo.InvariantCulture) + new string('9', r.Next(30)),
        2 => "-" + r.Next(100).ToString(CultureInfo.InvariantCulture),
        3 => DateTimeOffset.UnixEpoch.AddSeconds(r.NextInt64(0, 253_402_300_799)).ToString("r", CultureInfo.InvariantCulture),
        4 => " " + r.Next(1000).ToString(CultureInfo.InvariantCulture) + "\t",
        5 => "Fri, 31 Dec 9999 23:59:59 GMT",
        6 => "Mon, 01 Jan 0001 00:00:00 GMT",
        7 => "1.5",
        _ => HeaderText(r, 30),
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = Interlocked.Exchange(ref next, null) ?? throw new InvalidOperationException("no answer prepared");
        return Task.FromResult(response());
    }

    private static HttpContent Content(Random r, byte[] body)
    {
        HttpContent content = r.Next(12) == 0 ? new FailingContent(body) : new ByteArrayContent(body);
        if (r.Next(4) > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentTypes[r.Next(ContentTypes.Length)]);
        }
        if (r.Next(10) == 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", "gzip");
        }
        return content;
    }

    private static string HeaderText(Random r, int lengthMax)
    {
        var chars = new char[r.Next(lengthMax + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = r.Next(10) == 0 ? r.Next(0x80, 0x100) : r.Next(0x20, 0x7F);
            chars[i] = r.Next(30) == 0 ? '\t' : (char)c;
        }
        return new string(chars).Trim();
    }

    /// <summary>A body whose connection drops half way.</summary>
    private sealed class FailingContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            throw new IOException("connection reset by peer (fuzz)");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}

/// <summary>A clock that stands still (Retry-After dates are judged against it).</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Bodies for the hostile server: text, JSON-ish, binary, and now and then a large one.</summary>
internal static class HostileBodies
{
    public static byte[] Next(Random r) => r.Next(10) switch
    {
        0 => Mutator.RandomBytes(r, 200),
        1 => Encoding.UTF8.GetBytes(new string('e', r.Next(1_000, 300_000))),
        2 => [],
        3 => Encoding.Unicode.GetBytes("{\"error\":\"partial write: field type conflict\"}"),
        _ => Encoding.UTF8.GetBytes("{\"error\":\"" + (r.Next(2) == 0 ? "unable to parse 'x': missing fields" : "database not found: \\\"smartbin\\\"") + "\"}"),
    };
}
