using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>One series of an InfluxQL answer.</summary>
/// <param name="Name">Measurement.</param>
/// <param name="Tags">Tags of a GROUP BY, empty otherwise.</param>
/// <param name="Columns">Column names; the first is <c>time</c> for SELECTs.</param>
/// <param name="Rows">Values per row: long, double, bool, string or null.</param>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Index of <paramref name="column"/>, or −1.</summary>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>
/// Parses InfluxDB's <c>/query</c> JSON (<c>{"results":[{"statement_id":0,"series":[…]}]}</c>) and builds InfluxQL
/// safely: identifiers in double quotes and string literals in single quotes, with backslash escapes.
/// </summary>
public static class InfluxQueryResult
{
    /// <summary>
    /// Every series of every statement. Throws <see cref="InfluxQueryException"/> on an error in the answer, and on an
    /// answer that is not the documented shape (not JSON, a missing <c>results</c> or <c>columns</c>, a wrong type).
    /// </summary>
    public static IReadOnlyList<InfluxSeries> Parse(string json)
    {
        try
        {
            return ParseShape(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InfluxQueryException("InfluxDB /query answer is malformed: " + e.Message);
        }
    }

    private static List<InfluxSeries> ParseShape(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InfluxQueryException(error.GetString() ?? "query failed");
        }
        var series = new List<InfluxSeries>();
        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var statementError))
            {
                throw new InfluxQueryException(statementError.GetString() ?? "statement failed");
            }
            if (!result.TryGetProperty("series", out var list))
            {
                continue;
            }
            foreach (var s in list.EnumerateArray())
            {
                series.Add(ParseSeries(s));
            }
        }
        return series;
    }

    /// <summary>An InfluxQL identifier: <c>"name"</c> with <c>\</c> and <c>"</c> escaped.</summary>
    public static string Identifier(string name) => Quote(name, '"');

    /// <summary>An InfluxQL string literal: <c>'text'</c> with <c>\</c> and <c>'</c> escaped.</summary>
    public static string Literal(string text) => Quote(text, '\'');

    private static InfluxSeries ParseSeries(JsonElement s)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (s.TryGetProperty("tags", out var tagObject))
        {
            foreach (var tag in tagObject.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }
        var columns = new List<string>();
        foreach (var c in s.GetProperty("columns").EnumerateArray())
        {
            columns.Add(c.GetString() ?? "");
        }
        var rows = new List<object?[]>();
        if (s.TryGetProperty("values", out var values))
        {
            foreach (var row in values.EnumerateArray())
            {
                var cells = new object?[row.GetArrayLength()];
                var i = 0;
                foreach (var cell in row.EnumerateArray())
                {
                    cells[i++] = Value(cell);
                }
                rows.Add(cells);
            }
        }
        var name = s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        return new InfluxSeries(name, tags, columns, rows);
    }

    private static object? Value(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Number => cell.TryGetInt64(out var integer) ? (object)integer : cell.GetDouble(),
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => cell.GetRawText(),
    };

    private static string Quote(string text, char quote)
    {
        var quoted = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            if (c == quote || c == '\\')
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        return quoted.Append(quote).ToString();
    }
}
