using System;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>What became of one write request.</summary>
internal enum WriteOutcome
{
    /// <summary>2xx: the server has the lines.</summary>
    Written = 1,

    /// <summary>429, 5xx, network error or timeout: send the same batch again later.</summary>
    Retry = 2,

    /// <summary>Any other status: the server will never take this batch; set it aside.</summary>
    Rejected = 3,
}

/// <summary>The result of a write request.</summary>
/// <param name="Outcome">What to do next.</param>
/// <param name="Status">HTTP status, or 0 when no response came.</param>
/// <param name="RetryAfter">The server's Retry-After, if any.</param>
/// <param name="Detail">The server's error text or the exception's message; retry reason label for metrics.</param>
/// <param name="RetryReason">429, 5xx, network or timeout (for metrics); empty unless Retry.</param>
internal sealed record WriteResult(WriteOutcome Outcome, int Status, TimeSpan? RetryAfter, string Detail, string RetryReason);

/// <summary>A query the server refused, with its error text.</summary>
public sealed class InfluxQueryException(string message) : Exception(message);

/// <summary>
/// The HTTP side of the InfluxDB backend: gzip-compressed line protocol writes to <c>/write</c> (V1, optional basic
/// auth) or <c>/api/v2/write</c> (V2, <c>Authorization: Token</c>), and InfluxQL queries to <c>/query</c>.
/// </summary>
internal sealed class InfluxHttp : IDisposable
{
    /// <summary>Longest error text kept from a response body.</summary>
    public const int ErrorTextCharsMax = 2_000;

    private readonly HttpClient http;
    private readonly InfluxOptions options;
    private readonly TimeProvider time;

    public InfluxHttp(InfluxOptions options, TimeProvider time)
        : this(options, time, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    /// <summary>Over another handler: the fuzzer's, which answers with hostile responses.</summary>
    internal InfluxHttp(InfluxOptions options, TimeProvider time, HttpMessageHandler handler)
    {
        this.options = options;
        this.time = time;
        // Timeouts are per request (TimeoutMs) through a token, so HttpClient's own is off.
        http = new HttpClient(handler)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The write endpoint with its query string.</summary>
    public Uri WriteUri => new(options.Api == InfluxApi.V2
        ? $"{Base}/api/v2/write?org={Uri.EscapeDataString(options.Org)}&bucket={Uri.EscapeDataString(options.Bucket)}&precision=ns"
        : $"{Base}/write?db={Uri.EscapeDataString(options.Database)}&precision=ns");

    private string Base => options.Url.TrimEnd('/');

    /// <summary>Sends one batch of lines (UTF-8, newline-terminated). Never throws except on cancellation by the caller.</summary>
    public async Task<WriteResult> WriteAsync(byte[] lines, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WriteUri) { Content = new ByteArrayContent(Gzip(lines)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        request.Content.Headers.ContentEncoding.Add("gzip");
        Authorize(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.TimeoutMs);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (InfluxRetryPolicy.IsSuccess(status))
            {
                return new WriteResult(WriteOutcome.Written, status, null, "", "");
            }
            var body = await ReadErrorAsync(response, timeout.Token);
            if (InfluxRetryPolicy.IsRetryable(status))
            {
                var retryAfter = InfluxRetryPolicy.ParseRetryAfter(RetryAfterHeader(response), time.GetUtcNow());
                return new WriteResult(WriteOutcome.Retry, status, retryAfter, body, status == 429 ? "429" : "5xx");
            }
            return new WriteResult(WriteOutcome.Rejected, status, null, body, "");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WriteResult(WriteOutcome.Retry, 0, null, $"no answer within {options.TimeoutMs} ms", "timeout");
        }
        catch (HttpRequestException e)
        {
            return new WriteResult(WriteOutcome.Retry, 0, null, e.Message, "network");
        }
        catch (IOException e)
        {
            return new WriteResult(WriteOutcome.Retry, 0, null, e.Message, "network");
        }
        catch (SocketException e)
        {
            // HttpClient lets a few socket errors through unwrapped: ENOTCONN (107) when the server resets a connection
            // between its connect and the pool reading the peer's address (seen when InfluxDB is killed under load).
            return new WriteResult(WriteOutcome.Retry, 0, null, e.Message, "network");
        }
    }

    /// <summary>Runs InfluxQL on <c>/query</c> (GET for reads, POST for statements that change things); returns the JSON.</summary>
    public async Task<string> QueryAsync(string influxQl, bool post, CancellationToken cancellationToken)
    {
        var query = $"db={Uri.EscapeDataString(options.Database)}&epoch=ns&q={Uri.EscapeDataString(influxQl)}";
        using var request = post
            ? new HttpRequestMessage(HttpMethod.Post, $"{Base}/query?db={Uri.EscapeDataString(options.Database)}&epoch=ns")
            {
                Content = new FormUrlEncodedContent([new("q", influxQl)]),
            }
            : new HttpRequestMessage(HttpMethod.Get, $"{Base}/query?{query}");
        Authorize(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.TimeoutMs);
        using var response = await http.SendAsync(request, timeout.Token);
        var json = Utf8Text(await response.Content.ReadAsByteArrayAsync(timeout.Token));
        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxQueryException($"InfluxDB /query answered {(int)response.StatusCode}: {Truncate(json)}");
        }
        return json;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private void Authorize(HttpRequestMessage request)
    {
        if (options.Token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", options.Token);
        }
        else if (options.Username.Length > 0)
        {
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", pair);
        }
    }

    private static string? RetryAfterHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = Utf8Text(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var text = response.Headers.TryGetValues("X-Influxdb-Error", out var header) ? string.Join(" ", header) : body;
        return Truncate(text.Length > 0 ? text : response.ReasonPhrase ?? ((HttpStatusCode)response.StatusCode).ToString());
    }

    // InfluxDB answers in UTF-8; the declared charset is not trusted, because HttpContent.ReadAsStringAsync throws
    // (not an HttpRequestException) on an unknown or disabled one, such as "bogus" or "utf-7" (found by fuzzing).
    private static string Utf8Text(byte[] body) => Encoding.UTF8.GetString(body);

    private static string Truncate(string text) => text.Length <= ErrorTextCharsMax ? text : text[..ErrorTextCharsMax] + "…";

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream(data.Length / 4 + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return buffer.ToArray();
    }
}
