using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Fuzz.Engine;

namespace SmartBin.Fuzz.Firmware;

/// <summary>
/// The bin's decoder of what the gateway sends: <c>ack</c> and <c>cmd</c> payloads through
/// <c>BinController.HandleMessage</c> (JsonReader, AckMessage, CommandMessage, the console's remote path) on a
/// provisioned bin. A rejected message is counted (<c>rejectedMessages</c>) and changes nothing: no outbox entry
/// removed, no setting, flash file or calibration touched; a command result never shows the MQTT secret.
/// </summary>
internal sealed class BinMessageDecoderTarget : IFuzzTarget
{
    private static readonly string[] Results = ["credited", "recorded", "duplicate", "held", "rejected"];
    private static readonly string[] Commands = ["tare", "reader-reset", "reboot", "set", "get", "selftest", "cert", "save", "backlog", "factory-reset"];
    private static readonly string[] Dictionary = ["\"v\":1,", "\"seq\":", "\"result\":\"credited\"", "\"cmd\":\"set\"", "\"key\":\"mqtt.secret\"", "\\u0000", "\\ud800", "1e5", "-0", "null", ",", "{", "[", "\"\\u00e9\""];
    private readonly JsonReader reader = new();
    private readonly AckMessage ack = new();
    private readonly Mutator mutator;
    private FuzzBin bin = null!;
    private byte[] last = [];
    private string lastTopic = "";

    public BinMessageDecoderTarget()
    {
        var examples = RepoFiles.ProtocolExamples();
        mutator = new Mutator([Encoding.UTF8.GetBytes(examples["ack"]), Encoding.UTF8.GetBytes(examples["cmd"])], Dictionary, 1_200);
    }

    public string Name => "bin-ack-cmd";

    public int Epoch => 2_000;

    /// <summary>JsonReader's, AckMessage's and CommandMessage's codes (their XML docs), and the console's (docs).</summary>
    public IReadOnlySet<string> DocumentedReasons { get; } = new HashSet<string>(
        ["syntax", "not-object", "too-deep", "too-long", "too-many-fields", "duplicate-key", "bad-utf8", "bad-escape", "number-range",
         "payload-too-large", "bad-version", "bad-seq", "bad-result", "bad-amount", "bad-id", "unknown-command", "bad-args", "not-remote",
         .. RepoFiles.ConsoleErrorCodes()]);

    public string LastInput => lastTopic + " " + Printable.Of(last);

    public void Reset() => bin = new FuzzBin();

    public string? Run(long index, Random random)
    {
        bin.Refill();
        var toAck = random.Next(5) < 3;
        var topics = bin.Bin.Controller.Topics!;
        lastTopic = toAck ? "ack" : "cmd";
        var payload = toAck ? AckPayload(random) : CommandPayload(random);
        last = payload;
        var before = bin.Fingerprint();
        var rejectedBefore = bin.Bin.Controller.RejectedMessageCount;
        var publishedBefore = bin.Mqtt.Published.Count;
        bin.Bin.Deliver(toAck ? topics.Ack : topics.Command, payload);
        var counted = bin.Bin.Controller.RejectedMessageCount - rejectedBefore;
        var reason = toAck ? AckReason(payload) : CommandReason(payload, publishedBefore);
        if ((reason is null ? 0 : 1) != counted)
        {
            throw new FuzzViolation($"reason '{reason}' but rejectedMessages went up by {counted}");
        }
        if (reason is not null && bin.Fingerprint() != before)
        {
            throw new FuzzViolation($"rejected ({reason}) but the bin's state changed");
        }
        bin.RebootIfAsked();
        return reason;
    }

    private string? AckReason(byte[] payload)
    {
        if (payload.Length > ProtocolVersion.PayloadBytesMax)
        {
            return "payload-too-large";
        }
        return !reader.Parse(payload, 0, payload.Length) ? reader.Error : ack.ReadFrom(reader);
    }

    private string? CommandReason(byte[] payload, int publishedBefore)
    {
        if (payload.Length > ProtocolVersion.PayloadBytesMax)
        {
            return "payload-too-large";
        }
        if (!reader.Parse(payload, 0, payload.Length))
        {
            if (bin.Mqtt.Published.Count != publishedBefore)
            {
                throw new FuzzViolation("a result was published for a payload that does not parse");
            }
            return reader.Error;
        }
        var results = bin.Mqtt.Published.Skip(publishedBefore).ToList();
        if (results.Count != 1)
        {
            throw new FuzzViolation($"{results.Count} results published for one command");
        }
        var text = Encoding.UTF8.GetString(results[0].Payload);
        if (text.Contains(FuzzBin.Secret, StringComparison.Ordinal))
        {
            throw new FuzzViolation("a command result shows the MQTT secret: " + text);
        }
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("ok").GetBoolean() ? null : doc.RootElement.GetProperty("error").GetString();
    }

    private byte[] AckPayload(Random r)
    {
        if (r.Next(4) == 0)
        {
            return r.Next(3) == 0 ? Mutator.RandomBytes(r, 80) : mutator.Next(r);
        }
        var held = bin.OutboxSequences();
        var seq = held.Length > 0 && r.Next(3) > 0 ? held[r.Next(held.Length)] : r.NextInt64(-2, 1L << 53);
        List<KeyValuePair<string, string>> fields =
        [
            new("v", "1"), new("seq", seq.ToString(CultureInfo.InvariantCulture)), new("result", "\"" + Results[r.Next(Results.Length)] + "\""),
            new("reason", "\"\""), new("points", r.Next(100).ToString(CultureInfo.InvariantCulture)), new("co2eG", r.Next(2_000).ToString(CultureInfo.InvariantCulture)),
        ];
        JsonShape.Edit(r, fields, r.Next(3) == 0 ? 0 : 1 + r.Next(2));
        return Encoding.UTF8.GetBytes(JsonShape.Render(r, fields));
    }

    private byte[] CommandPayload(Random r)
    {
        if (r.Next(4) == 0)
        {
            return r.Next(3) == 0 ? Mutator.RandomBytes(r, 80) : mutator.Next(r);
        }
        var key = FuzzBin.Keys[r.Next(FuzzBin.Keys.Length)];
        List<KeyValuePair<string, string>> fields =
        [
            new("v", "1"), new("id", "\"c-" + r.Next(100_000).ToString(CultureInfo.InvariantCulture) + "\""),
            new("cmd", "\"" + Commands[r.Next(Commands.Length)] + "\""), new("key", "\"" + key + "\""),
            new("value", "\"" + ConsoleTarget.ValueFor(r, key) + "\""),
        ];
        JsonShape.Edit(r, fields, r.Next(3) == 0 ? 0 : 1 + r.Next(2));
        return Encoding.UTF8.GetBytes(JsonShape.Render(r, fields));
    }
}
