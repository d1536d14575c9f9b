using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SmartBin.Fuzz.Engine;

/// <summary>
/// Structure-aware edits of a flat JSON object held as ordered (key, raw JSON value) pairs: a value swapped for an
/// edge or wrong-typed one, a field dropped, doubled or renamed, unknown fields, deep nesting, reordering, escapes,
/// odd white space. Most edits keep the text JSON, so the parser's later checks (schema, ranges, ids) are reached.
/// </summary>
internal static class JsonShape
{
    /// <summary>Values that break types and ranges.</summary>
    public static readonly string[] OddValues =
    [
        "0", "-1", "1", "2", "-0", "1.0", "0.5", "1e3", "1E400", "-1e-400", "9007199254740991", "9007199254740992",
        "-9007199254740992", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999", "\"\"", "\"1\"", "\"x\"", "\"\\u0000\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\ud83d\\ude00\"",
        "\"é\"", "\"" + new string('a', 40) + "\"", "\"" + new string('b', 300) + "\"", "true", "false", "null", "[]", "{}",
        "[1,2,3]", "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}", "\"2026-11-23T00:15:02.100Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"2026-11-23T24:00:00.000Z\"", "\"2026-11-23 00:15:02Z\"", "\"2026-11-23T00:15:02.1234Z\"", "\"2026-11-23T00:15:02+08:00\"",
        "\"9999-12-31T23:59:59.999Z\"", "\"0001-01-01T00:00:00.000Z\"",
    ];

    /// <summary>A rendering of <paramref name="fields"/> with random white space between tokens.</summary>
    public static string Render(Random random, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder("{");
        var spaced = random.Next(8) == 0;
        for (var i = 0; i < fields.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(spaced ? Space(random) : "").Append('"').Append(fields[i].Key).Append('"')
                .Append(spaced ? Space(random) : "").Append(':').Append(spaced ? Space(random) : "").Append(fields[i].Value);
        }
        return text.Append(spaced ? Space(random) : "").Append('}').ToString();
    }

    /// <summary>Applies <paramref name="edits"/> structural edits; candidates by key give the likely wrong values.</summary>
    public static void Edit(Random random, List<KeyValuePair<string, string>> fields, int edits, IReadOnlyDictionary<string, string[]>? candidates = null)
    {
        for (var e = 0; e < edits && fields.Count > 0; e++)
        {
            var i = random.Next(fields.Count);
            var key = fields[i].Key;
            switch (random.Next(10))
            {
                case 0:
                case 1:
                case 2:
                    var own = candidates is not null && candidates.TryGetValue(key, out var list) && random.Next(3) > 0 ? list : OddValues;
                    fields[i] = new(key, own[random.Next(own.Length)]);
                    break;
                case 3:
                    fields.RemoveAt(i);
                    break;
                case 4:
                    fields.Insert(random.Next(fields.Count + 1), new(key, OddValues[random.Next(OddValues.Length)]));
                    break;
                case 5:
                    fields.Insert(random.Next(fields.Count + 1), new("x" + random.Next(1000).ToString(CultureInfo.InvariantCulture), OddValues[random.Next(OddValues.Length)]));
                    break;
                case 6:
                    fields[i] = new(Rename(random, key), fields[i].Value);
                    break;
                case 7:
                    fields.Insert(random.Next(fields.Count + 1), new("deep", Nest(random)));
                    break;
                case 8:
                    var j = random.Next(fields.Count);
                    (fields[i], fields[j]) = (fields[j], fields[i]);
                    break;
                default:
                    fields[i] = new(key, EscapeOne(random, fields[i].Value));
                    break;
            }
        }
    }

    /// <summary>Nesting from 1 to a few hundred levels of arrays or objects.</summary>
    public static string Nest(Random random)
    {
        var depth = 1 + random.Next(random.Next(3) == 0 ? 300 : 6);
        var array = random.Next(2) == 0;
        return string.Concat(Enumerable.Repeat(array ? "[" : "{\"a\":", depth)) + "1" + new string(array ? ']' : '}', depth);
    }

    private static string Rename(Random random, string key) => key.Length == 0 ? "v" : random.Next(4) switch
    {
        0 => key.ToUpperInvariant(),
        1 => key + " ",
        2 => key.Length > 1 ? key[..^1] : "",
        _ => "\\u00" + ((int)key[0]).ToString("x2", CultureInfo.InvariantCulture) + key[1..],
    };

    // A string value with one character written as a \u escape (same meaning, different bytes), or a bad escape.
    private static string EscapeOne(Random random, string raw)
    {
        if (raw.Length < 3 || raw[0] != '"')
        {
            return raw;
        }
        var at = 1 + random.Next(raw.Length - 2);
        var c = raw[at];
        if (c is '\\' or '"')
        {
            return raw;
        }
        var escape = random.Next(4) == 0 ? "\\q" : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return raw[..at] + escape + raw[(at + 1)..];
    }

    private static string Space(Random random) => random.Next(4) switch
    {
        0 => "",
        1 => " ",
        2 => "\n\t ",
        _ => new string(' ', random.Next(40)),
    };
}
