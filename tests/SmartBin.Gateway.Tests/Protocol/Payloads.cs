using System;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>The docs' examples, edited, and one way to parse any of them.</summary>
internal static class Payloads
{
    /// <summary>The bin of the docs' examples, as the connection's identity.</summary>
    public const string Bin = "baiyun-0007";

    /// <summary>A receive time just after the docs' telemetry example.</summary>
    public static readonly DateTimeOffset ReceivedUtc = new(2026, 11, 23, 8, 0, 30, TimeSpan.Zero);

    /// <summary>The default limits: 300 s future skew, 90 days age.</summary>
    public static readonly BinMessageParser Parser = new(TimeSpan.FromSeconds(300), TimeSpan.FromDays(90));

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The example with edits applied: <c>field=json</c> pairs separated by <c>|</c>; <c>json</c> of <c>-</c> removes
    /// the field; <c>counters.cancelled</c> reaches into the nested object. Key order is kept.
    /// </summary>
    public static byte[] Edit(string example, string edits)
    {
        var root = JsonNode.Parse(ProtocolDoc.Examples[example])!.AsObject();
        foreach (var edit in edits.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = edit.IndexOf('=', StringComparison.Ordinal);
            var path = edit[..eq].Split('.');
            var raw = edit[(eq + 1)..];
            var parent = root;
            for (var i = 0; i < path.Length - 1; i++)
            {
                parent = parent[path[i]]!.AsObject();
            }
            if (raw == "-")
            {
                parent.Remove(path[^1]);
            }
            else
            {
                parent[path[^1]] = JsonNode.Parse(raw);
            }
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString(Raw));
    }

    /// <summary>Parses <paramref name="payload"/> as the message kind of <paramref name="example"/>.</summary>
    public static Outcome Parse(string example, ReadOnlySpan<byte> payload) => example switch
    {
        "dropoff" => Of(Parser.ParseDropOff(Bin, payload, ReceivedUtc)),
        "event" => Of(Parser.ParseEvent(Bin, payload, ReceivedUtc)),
        "telemetry" => Of(Parser.ParseTelemetry(payload)),
        "status-online" or "status-offline" => Of(Parser.ParseStatus(payload)),
        "cmd-result" => Of(Parser.ParseCommandResult(payload)),
        _ => throw new ArgumentException("no parser for " + example, nameof(example)),
    };

    private static Outcome Of<T>(ParseResult<T> r)
        where T : class => new(r.Message, r.Reason, r.Detail, r.Seq);

    /// <summary>Any parse result, untyped.</summary>
    public sealed record Outcome(object? Message, string Reason, string Detail, long Seq)
    {
        /// <summary>For assertion messages.</summary>
        public override string ToString() => Message is null ? $"{Reason}: {Detail} (seq {Seq})" : $"accepted {Message}";
    }
}
