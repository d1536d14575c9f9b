using System;
using System.Collections.Generic;
using System.Globalization;
using SmartBin.Fuzz.Engine;

namespace SmartBin.Fuzz.Gateway;

/// <summary>
/// Fields of each bin message as (key, raw JSON) pairs with random values that are mostly valid, so edits land on
/// messages that get far into the parser; plus per-key wrong values that only make sense for that key.
/// </summary>
internal static class BinPayloads
{
    /// <summary>The connection's bin id.</summary>
    public const string Bin = "baiyun-0007";

    /// <summary>Receive time every message is judged against.</summary>
    public static readonly DateTimeOffset ReceivedUtc = new(2026, 11, 23, 8, 0, 30, TimeSpan.Zero);

    private static readonly string[] Materials = ["PET", "HDPE", "PP", "LDPE", "PS", "MIXED"];
    private static readonly string[] Kinds = ["emptied", "tamper", "fault", "recovered", "session-cancelled", "full"];
    private static readonly string[] Codes = ["", "scale-no-samples", "scale-saturated", "scale-zero-range", "reader-down", "no-drop", "tamper"];

    /// <summary>Wrong values by key (the generic odd values are added by <see cref="JsonShape"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> WrongValues = new Dictionary<string, string[]>
    {
        ["v"] = ["2", "0", "\"1\"", "1.0"],
        ["id"] = ["\"baiyun-0008:1042\"", "\"baiyun-0007:01042\"", "\"baiyun-0007:\"", "\":1042\"", "\"baiyun-0007 1042\"", "\"BAIYUN-0007:1042\""],
        ["seq"] = ["0", "-5", "9007199254740992", "1042.5", "\"1042\""],
        ["card"] = ["\"04a1b2c3\"", "\"04A1B2\"", "\"04A1B2C3D\"", "\"ZZZZZZZZ\"", "\"04A1B2C3 \""],
        ["material"] = ["\"pet\"", "\"GLASS\"", "\"PET \"", "\"\""],
        ["kind"] = ["\"EMPTIED\"", "\"explode\"", "\"\""],
        ["code"] = ["\"x\"", "\"" + new string('c', 33) + "\""],
        ["flags"] = ["64", "127", "-1", "63"],
        ["netG"] = ["1", "1000001", "-750"],
        ["state"] = ["\"ONLINE\"", "\"gone\"", "\"\""],
        ["fw"] = ["\"" + new string('f', 33) + "\""],
        ["fillPct"] = ["-2", "101"],
        ["rssiDbm"] = ["1", "-129"],
        ["distanceMm"] = ["-2"],
        ["start"] = [Time(ReceivedUtc.AddDays(-91)), Time(ReceivedUtc.AddSeconds(301))],
        ["end"] = [Time(ReceivedUtc.AddSeconds(301)), Time(ReceivedUtc.AddDays(-91))],
        ["at"] = [Time(ReceivedUtc.AddSeconds(301)), Time(ReceivedUtc.AddDays(-91))],
        ["counters"] = ["{\"cancelled\":-1}", "{}", "[]", "{\"cancelled\":1,\"cancelled\":2}"],
    };

    public static List<KeyValuePair<string, string>> DropOff(Random r)
    {
        var seq = Seq(r);
        var before = r.Next(0, 60_000);
        var net = r.Next(4) == 0 ? r.Next(0, 20) : r.Next(20, 5_000);
        var end = ReceivedUtc.AddSeconds(-r.Next(0, 86_400 * (r.Next(8) == 0 ? 100 : 3)) + (r.Next(10) == 0 ? 400 : 0));
        return
        [
            new("v", "1"), new("id", Str(Bin + ":" + Num(seq))), new("seq", Num(seq)), new("card", Str(Card(r))),
            new("start", Time(end.AddSeconds(-r.Next(-5, 120)))), new("end", Time(end)), new("grossBeforeG", Num(before)),
            new("grossAfterG", Num(before + net)), new("netG", Num(net)), new("items", Num(r.Next(0, 12))),
            new("material", Str(Materials[r.Next(Materials.Length)])), new("flags", Num(r.Next(64))),
            new("calVersion", Num(r.Next(0, 50))), new("fw", Str("1.0." + Num(r.Next(10)))),
        ];
    }

    public static List<KeyValuePair<string, string>> Event(Random r)
    {
        var seq = Seq(r);
        return
        [
            new("v", "1"), new("id", Str(Bin + ":" + Num(seq))), new("seq", Num(seq)), new("kind", Str(Kinds[r.Next(Kinds.Length)])),
            new("code", Str(Codes[r.Next(Codes.Length)])), new("at", Time(ReceivedUtc.AddSeconds(-r.Next(-400, 86_400)))),
            new("grams", Num(r.Next(0, 60_000))), new("card", Str(Card(r))), new("clockUnset", r.Next(4) == 0 ? "true" : "false"),
        ];
    }

    public static List<KeyValuePair<string, string>> Telemetry(Random r)
    {
        var counters = "{\"cancelled\":" + Num(r.Next(100)) + ",\"refused\":" + Num(r.Next(9)) + ",\"unattributed\":" + Num(r.Next(9)) +
            ",\"droppedEvents\":0,\"rejectedLines\":" + Num(r.Next(9)) + ",\"rejectedMessages\":" + Num(r.Next(9)) + "}";
        return
        [
            new("v", "1"), new("at", Time(ReceivedUtc.AddSeconds(-r.Next(0, 600)))), new("uptimeS", Num(r.Next())),
            new("weightG", Num(r.Next(-1_000, 60_000))), new("stable", Bool(r)), new("fillPct", Num(r.Next(-1, 101))),
            new("distanceMm", Num(r.Next(-1, 3_000))), new("full", Bool(r)), new("rssiDbm", Num(-r.Next(0, 129))),
            new("freeHeapB", Num(r.Next(0, 100_000))), new("outboxDepth", Num(r.Next(0, 200))), new("outboxCap", "200"),
            new("scaleFault", Str(Codes[r.Next(5)])), new("readerOk", Bool(r)), new("session", Str(new[] { "idle", "waiting", "open", "moving" }[r.Next(4)])),
            new("calVersion", Num(r.Next(50))), new("fw", "\"1.0.0\""), new("counters", counters),
        ];
    }

    public static List<KeyValuePair<string, string>> Status(Random r) =>
        [new("v", "1"), new("state", r.Next(2) == 0 ? "\"online\"" : "\"offline\""), new("fw", Str("1.0." + Num(r.Next(10))))];

    public static List<KeyValuePair<string, string>> CommandResult(Random r)
    {
        var ok = r.Next(2) == 0;
        return
        [
            new("v", "1"), new("id", Str("c-" + Num(r.Next(1, 1 << 30)))), new("ok", ok ? "true" : "false"),
            new("error", ok ? "\"\"" : "\"bad-args\""), new("message", Str(ok ? "" : "usage")), new("value", Str(Num(r.Next(10, 3600)))),
        ];
    }

    public static string Time(DateTimeOffset t) => "\"" + t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"";

    private static long Seq(Random r) => r.Next(8) switch
    {
        0 => (1L << 53) - 1 - r.Next(3),
        1 => r.NextInt64(1, 1L << 53),
        _ => r.Next(1, 5_000),
    };

    private static string Card(Random r)
    {
        var hexDigits = new[] { 0, 8, 14, 20 }[r.Next(4)];
        var chars = new char[hexDigits];
        for (var i = 0; i < hexDigits; i++)
        {
            chars[i] = "0123456789ABCDEF"[r.Next(16)];
        }
        return new string(chars);
    }

    private static string Str(string s) => "\"" + s + "\"";

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Bool(Random r) => r.Next(2) == 0 ? "true" : "false";
}
