using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>
/// Chart series from InfluxDB through InfluxQL <c>/query</c> (1.x, 2.x with a DBRP mapping, 3.x). Hourly uses
/// <c>GROUP BY time(1h)</c> with min, max, mean, last and count; InfluxQL cannot take min/max/mean of a boolean
/// field, so hourly boolean series are a query error on InfluxDB (raw works).
/// </summary>
internal sealed class InfluxTimeSeriesReader(InfluxHttp http) : ITimeSeriesReader
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<SeriesSample>> ReadAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        var influxQl = BuildQuery(query);
        var json = await http.QueryAsync(influxQl, post: false, cancellationToken);
        var samples = new List<SeriesSample>();
        foreach (var series in InfluxQueryResult.Parse(json))
        {
            foreach (var row in series.Rows)
            {
                if (ToSample(query.Resolution, row) is { } sample && samples.Count < ITimeSeriesReader.SamplesMax)
                {
                    samples.Add(sample);
                }
            }
        }
        samples.Sort((a, b) => a.AtUtc.CompareTo(b.AtUtc));
        return samples;
    }

    /// <summary>The InfluxQL for <paramref name="q"/>; times are integer nanoseconds.</summary>
    internal static string BuildQuery(SeriesQuery q)
    {
        var field = InfluxQueryResult.Identifier(q.Field);
        var from = TimeSeriesPoint.ToUnixNanoseconds(q.FromUtc).ToString(CultureInfo.InvariantCulture);
        var to = TimeSeriesPoint.ToUnixNanoseconds(q.ToUtc).ToString(CultureInfo.InvariantCulture);
        var where = $"FROM {InfluxQueryResult.Identifier(q.Measurement)} WHERE \"bin\" = {InfluxQueryResult.Literal(q.BinId)} AND time >= {from} AND time < {to}";
        return q.Resolution == SeriesResolution.Raw
            ? $"SELECT {field} {where} ORDER BY time ASC LIMIT {ITimeSeriesReader.SamplesMax}"
            : $"SELECT min({field}), max({field}), mean({field}), last({field}), count({field}) {where} GROUP BY time(1h) fill(none)";
    }

    private static SeriesSample? ToSample(SeriesResolution resolution, object?[] row)
    {
        // The query asks for integer ns times and 1 or 5 values; a row of another shape is a broken answer.
        var cells = resolution == SeriesResolution.Raw ? 2 : 6;
        if (row.Length != cells || row[0] is not long ns)
        {
            throw new InfluxQueryException($"InfluxDB /query answer is malformed: a row of {row.Length} cells, expected {cells} starting with integer ns");
        }
        var at = TimeSeriesPoint.FromUnixNanoseconds(ns);
        if (resolution == SeriesResolution.Raw)
        {
            return Number(row[1]) is { } v ? new SeriesSample(at, v, v, v, v, 1) : null;
        }
        if (Number(row[5]) is not { } count || count == 0)
        {
            return null;
        }
        return new SeriesSample(at, Number(row[1]) ?? 0, Number(row[2]) ?? 0, Number(row[3]) ?? 0, Number(row[4]) ?? 0, (long)count);
    }

    private static double? Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => null,
    };
}
