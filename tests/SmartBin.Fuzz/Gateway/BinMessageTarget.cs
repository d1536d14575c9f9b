using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Fuzz.Engine;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Fuzz.Gateway;

/// <summary>
/// <see cref="BinMessageParser"/> for one topic leaf, on payload bytes as MQTT delivers them. Per input: no
/// exception; the same bytes parse to the same result twice (the parser reuses a per-thread buffer) and the input
/// is not written to; a rejection has a documented reason, a detail and a seq in range; an accepted message agrees
/// with System.Text.Json's reading of the same bytes (a second, independent parser); and the docs' example still
/// parses as before (nothing left behind by a hostile input).
/// </summary>
internal sealed class BinMessageTarget : IFuzzTarget
{
    private static readonly BinMessageParser Parser = new(TimeSpan.FromSeconds(300), TimeSpan.FromDays(90));

    private readonly Func<Random, List<KeyValuePair<string, string>>> fields;
    private readonly Func<byte[], Outcome> parse;
    private readonly Mutator mutator;
    private readonly byte[] example;
    private readonly Outcome exampleOutcome;
    private byte[] last = [];

    private BinMessageTarget(string name, string example, Func<Random, List<KeyValuePair<string, string>>> fields, Func<byte[], Outcome> parse)
    {
        Name = name;
        this.fields = fields;
        this.parse = parse;
        this.example = Encoding.UTF8.GetBytes(RepoFiles.ProtocolExamples()[example]);
        exampleOutcome = parse(this.example);
        if (exampleOutcome.Message is null)
        {
            throw new InvalidOperationException($"the docs' {example} example is rejected: {exampleOutcome.Reason}");
        }
        var all = RepoFiles.ProtocolExamples().Values.Select(Encoding.UTF8.GetBytes).ToArray();
        mutator = new Mutator([this.example, .. all], Dictionary, ProtocolLimits.PayloadBytesMax + 200);
    }

    public string Name { get; }

    public int Epoch => 1;

    public IReadOnlySet<string> DocumentedReasons { get; } = RepoFiles.ProtocolRejectionReasons();

    public string LastInput => Printable.Of(last);

    private static readonly string[] Dictionary =
    [
        "\"v\":1,", "\"seq\":", "\"id\":\"baiyun-0007:", "\\u0000", "\\uD83D\\uDE00", "\\\"", "1e999", "-0", "null", "true", ",", "{}", "[",
        "\"counters\":{", "\"flags\":4,", "\"clockUnset\":true,", ":1042", "/*c*/", "//", "\uFEFF",
    ];

    public static IEnumerable<IFuzzTarget> All() =>
    [
        new BinMessageTarget("dropoff", "dropoff", BinPayloads.DropOff, p => Of(Parser.ParseDropOff(BinPayloads.Bin, p, BinPayloads.ReceivedUtc))),
        new BinMessageTarget("event", "event", BinPayloads.Event, p => Of(Parser.ParseEvent(BinPayloads.Bin, p, BinPayloads.ReceivedUtc))),
        new BinMessageTarget("telemetry", "telemetry", BinPayloads.Telemetry, p => Of(Parser.ParseTelemetry(p))),
        new BinMessageTarget("status", "status-online", BinPayloads.Status, p => Of(Parser.ParseStatus(p))),
        new BinMessageTarget("cmdresult", "cmd-result", BinPayloads.CommandResult, p => Of(Parser.ParseCommandResult(p))),
    ];

    public void Reset()
    {
    }

    public string? Run(long index, Random random)
    {
        var payload = Generate(random);
        last = payload;
        var copy = (byte[])payload.Clone();
        var first = parse(payload);
        if (!payload.AsSpan().SequenceEqual(copy))
        {
            throw new FuzzViolation("the parser wrote to its input");
        }
        var second = parse(payload);
        if (first != second)
        {
            throw new FuzzViolation($"impure: {first} then {second}");
        }
        if (parse(example) != exampleOutcome)
        {
            throw new FuzzViolation("the docs' example parses differently after this input");
        }
        if (first.Message is null)
        {
            CheckRejection(first);
            return first.Reason;
        }
        Oracle.Check(Name, payload, first.Message);
        return null;
    }

    private byte[] Generate(Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                return Mutator.RandomBytes(random, random.Next(8) == 0 ? 1_300 : 64);
            case 1:
            case 2:
            case 3:
                return mutator.Next(random);
            default:
                var f = fields(random);
                JsonShape.Edit(random, f, random.Next(4) == 0 ? 0 : 1 + random.Next(3), BinPayloads.WrongValues);
                var bytes = Encoding.UTF8.GetBytes(JsonShape.Render(random, f));
                if (random.Next(5) > 0)
                {
                    return bytes;
                }
                var list = bytes.ToList();
                mutator.Mutate(random, list);
                return [.. list];
        }
    }

    private static void CheckRejection(Outcome o)
    {
        if (string.IsNullOrEmpty(o.Detail))
        {
            throw new FuzzViolation($"{o.Reason} without a detail");
        }
        if (o.Seq < 0 || o.Seq > ProtocolLimits.SeqMax)
        {
            throw new FuzzViolation($"readable seq {o.Seq} out of range");
        }
    }

    private static Outcome Of<T>(ParseResult<T> r)
        where T : class => new(r.Message, r.Reason, r.Detail, r.Seq);

    /// <summary>Any parse result, untyped; records compare by value.</summary>
    internal sealed record Outcome(object? Message, string Reason, string Detail, long Seq);
}

/// <summary>An accepted message against System.Text.Json's reading of the same bytes.</summary>
internal static class Oracle
{
    public static void Check(string leaf, byte[] payload, object message)
    {
        if (payload.Length > ProtocolLimits.PayloadBytesMax)
        {
            throw new FuzzViolation($"accepted {payload.Length} bytes");
        }
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FuzzViolation("accepted what System.Text.Json refuses: " + e.Message);
        }
        bool agrees;
        try
        {
            agrees = Agrees(root, message);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FuzzViolation($"{leaf}: accepted {message}, but System.Text.Json reads the bytes otherwise: {e.Message}");
        }
        if (!agrees)
        {
            throw new FuzzViolation($"{leaf}: accepted {message}, which is not what the bytes say");
        }
    }

    private static bool Agrees(JsonElement root, object message) => message switch
        {
            DropOffMessage d => Long(root, "seq") == d.Seq && Str(root, "card") == d.CardUid && Long(root, "netG") == d.NetGrams &&
                Str(root, "material") == d.Material && Long(root, "flags") == d.Flags && Str(root, "fw") == d.FirmwareVersion &&
                Long(root, "grossAfterG") - Long(root, "grossBeforeG") == d.NetGrams,
            EventMessage e => Long(root, "seq") == e.Seq && Str(root, "kind") == e.Kind && Str(root, "code") == e.Code &&
                Long(root, "grams") == e.Grams && root.GetProperty("clockUnset").GetBoolean() == e.ClockUnset,
            TelemetryMessage t => Long(root, "weightG") == t.WeightGrams && Long(root, "fillPct") == t.FillPct &&
                root.GetProperty("counters").GetProperty("cancelled").GetInt64() == t.Counters.Cancelled,
            StatusMessage s => (Str(root, "state") == "online") == s.Online && Str(root, "fw") == s.FirmwareVersion,
            CommandResultMessage c => Str(root, "id") == c.Id && root.GetProperty("ok").GetBoolean() == c.Ok && Str(root, "value") == c.Value,
            _ => false,
        };

    private static long Long(JsonElement root, string name) => root.GetProperty(name).GetInt64();

    private static string? Str(JsonElement root, string name) => root.GetProperty(name).GetString();
}
