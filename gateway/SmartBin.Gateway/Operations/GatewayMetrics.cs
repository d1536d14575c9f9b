using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace SmartBin.Gateway.Operations;

/// <summary>
/// The gateway's metrics, rendered in the Prometheus text exposition format (version 0.0.4) at <c>/metrics</c>.
/// Counters and gauges are lock-free; one instance per host (a singleton). Names follow Prometheus conventions:
/// <c>smartbin_</c> prefix, base units, <c>_total</c> for counters.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<string, Family> families = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="by"/> to a counter. Labels are name/value pairs; values are escaped on output.</summary>
    public void Increment(string name, string help, long by = 1, params (string Name, string Value)[] labels) =>
        Series(name, help, "counter", labels).Add(by);

    /// <summary>Sets a gauge.</summary>
    public void Set(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Series(name, help, "gauge", labels).Set(value);

    /// <summary>Records one observation in a histogram with the given bucket upper bounds (seconds, bytes…).</summary>
    public void Observe(string name, string help, double value, double[] buckets, params (string Name, string Value)[] labels)
    {
        var family = families.GetOrAdd(name, n => new Family(n, help, "histogram", buckets));
        family.HistogramFor(Key(labels), labels).Observe(value);
    }

    /// <summary>Current value of a counter or gauge (0 if never touched); for tests and the status page.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        families.TryGetValue(name, out var f) && f.Series.TryGetValue(Key(labels), out var s) ? s.Value : 0;

    /// <summary>Sum of a counter over all its label sets.</summary>
    public double Total(string name) => families.TryGetValue(name, out var f) ? f.Series.Values.Sum(s => s.Value) : 0;

    /// <summary>Renders every family in the text exposition format.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var family in families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.Render(text);
        }
        return text.ToString();
    }

    private Scalar Series(string name, string help, string type, (string Name, string Value)[] labels)
    {
        var family = families.GetOrAdd(name, n => new Family(n, help, type, []));
        if (family.Type != type)
        {
            throw new InvalidOperationException($"metric {name} is a {family.Type}, not a {type}");
        }
        return family.Series.GetOrAdd(Key(labels), _ => new Scalar(labels));
    }

    private static string Key((string Name, string Value)[] labels) =>
        labels.Length == 0 ? "" : string.Join("\u0001", labels.Select(l => l.Name + "\u0002" + l.Value));

    private static string LabelText((string Name, string Value)[] labels, string extra = "")
    {
        var parts = labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"").ToList();
        if (extra.Length > 0)
        {
            parts.Add(extra);
        }
        return parts.Count == 0 ? "" : "{" + string.Join(",", parts) + "}";
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Family(string name, string help, string type, double[] buckets)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public ConcurrentDictionary<string, Scalar> Series { get; } = new(StringComparer.Ordinal);

        private readonly ConcurrentDictionary<string, Histogram> histograms = new(StringComparer.Ordinal);

        public Histogram HistogramFor(string key, (string Name, string Value)[] labels) =>
            histograms.GetOrAdd(key, _ => new Histogram(labels, buckets));

        public void Render(StringBuilder text)
        {
            text.Append("# HELP ").Append(Name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
            foreach (var (_, s) in Series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(Name).Append(LabelText(s.Labels)).Append(' ').Append(Number(s.Value)).Append('\n');
            }
            foreach (var (_, h) in histograms.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                h.Render(Name, text);
            }
        }
    }

    private sealed class Scalar((string Name, string Value)[] labels)
    {
        private long bits;

        public (string Name, string Value)[] Labels { get; } = labels;

        public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref bits));

        public void Add(long by)
        {
            long seen, next;
            do
            {
                seen = Interlocked.Read(ref bits);
                next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + by);
            }
            while (Interlocked.CompareExchange(ref bits, next, seen) != seen);
        }

        public void Set(double value) => Interlocked.Exchange(ref bits, BitConverter.DoubleToInt64Bits(value));
    }

    private sealed class Histogram((string Name, string Value)[] labels, double[] bounds)
    {
        private readonly long[] counts = new long[bounds.Length + 1];
        private readonly Lock gate = new();
        private double sum;

        public void Observe(double value)
        {
            var index = Array.FindIndex(bounds, b => value <= b);
            lock (gate)
            {
                counts[index < 0 ? bounds.Length : index]++;
                sum += value;
            }
        }

        public void Render(string name, StringBuilder text)
        {
            long[] snapshot;
            double total;
            lock (gate)
            {
                snapshot = (long[])counts.Clone();
                total = sum;
            }
            long cumulative = 0;
            for (var i = 0; i <= bounds.Length; i++)
            {
                cumulative += snapshot[i];
                var le = i < bounds.Length ? Number(bounds[i]) : "+Inf";
                text.Append(name).Append("_bucket").Append(LabelText(labels, $"le=\"{le}\"")).Append(' ').Append(cumulative).Append('\n');
            }
            text.Append(name).Append("_sum").Append(LabelText(labels)).Append(' ').Append(Number(total)).Append('\n');
            text.Append(name).Append("_count").Append(LabelText(labels)).Append(' ').Append(cumulative).Append('\n');
        }
    }
}
