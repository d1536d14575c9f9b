using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>Resolution of a chart series.</summary>
public enum SeriesResolution
{
    /// <summary>Every stored point.</summary>
    Raw = 1,

    /// <summary>One sample per UTC hour (min, max, mean, last, count).</summary>
    Hourly = 2,
}

/// <summary>A chart query: one field of one measurement for one bin over [<see cref="FromUtc"/>, <see cref="ToUtc"/>).</summary>
/// <param name="BinId">Bin (the <c>bin</c> tag).</param>
/// <param name="Measurement">Measurement, e.g. <see cref="BinPoints.Telemetry"/>.</param>
/// <param name="Field">Numeric or boolean field, e.g. <c>fill_pct</c> (booleans read as 0/1).</param>
/// <param name="FromUtc">Inclusive start.</param>
/// <param name="ToUtc">Exclusive end.</param>
/// <param name="Resolution">Raw or hourly.</param>
public sealed record SeriesQuery(string BinId, string Measurement, string Field, DateTimeOffset FromUtc, DateTimeOffset ToUtc, SeriesResolution Resolution);

/// <summary>
/// One sample of a chart series. Raw: the point's value in every statistic and <see cref="Count"/> 1. Hourly: the
/// hour's start in <see cref="AtUtc"/> and statistics over every point of the bin's series in that hour.
/// </summary>
/// <param name="AtUtc">Point time, or hour start.</param>
/// <param name="Min">Minimum.</param>
/// <param name="Max">Maximum.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Last">Latest value.</param>
/// <param name="Count">Points.</param>
public sealed record SeriesSample(DateTimeOffset AtUtc, double Min, double Max, double Mean, double Last, long Count);

/// <summary>Reads chart series from whichever time series backend is configured.</summary>
public interface ITimeSeriesReader
{
    /// <summary>Most samples one query returns (the oldest first); ask for a shorter range or hourly resolution for more.</summary>
    public const int SamplesMax = 100_000;

    /// <summary>The samples of <paramref name="query"/>, oldest first, at most <see cref="SamplesMax"/>.</summary>
    Task<IReadOnlyList<SeriesSample>> ReadAsync(SeriesQuery query, CancellationToken cancellationToken);
}
