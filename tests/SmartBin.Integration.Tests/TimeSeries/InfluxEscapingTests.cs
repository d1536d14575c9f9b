using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.TimeSeries
{
    /// <summary>
    /// Acceptance: every special character in measurement, tag key, tag value and field key, every string escape and
    /// every field type, written through the gateway's writer to a real InfluxDB 1.6 and read back with /query exactly.
    /// </summary>
    public sealed class InfluxEscapingTests : IClassFixture<InfluxDbFixture>, IDisposable
    {
        private static readonly long BaseNs = TimeSeriesPoint.ToUnixNanoseconds(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)) + 123_456_789;

        private static readonly string[] Names =
        {
            "has,comma", "has space", "has=equals", "has\"quote", @"back\slash", "single'quote", "中文名", "emoji😀", "mid#hash", "trailing ",
        };

        private static readonly string[] Strings =
        {
            "say \"hi\"", @"C:\temp\", @"\\", "\\\"", "a,b=c d", "two\nlines", "", "tab\there", "'single'", "中文 😀", "#not a comment",
        };

        private readonly InfluxDbFixture _influx;
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("smartbin-gw-influx-").FullName;

        public InfluxEscapingTests(InfluxDbFixture influx)
        {
            _influx = influx;
        }

        public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

        private static TimeSeriesPoint Point(string measurement, IEnumerable<(string, string)> tags, IEnumerable<(string, FieldValue)> fields, int offsetNs) =>
            new(measurement,
                tags.Select(t => new KeyValuePair<string, string>(t.Item1, t.Item2)).ToList(),
                fields.Select(f => new KeyValuePair<string, FieldValue>(f.Item1, f.Item2)).ToList(),
                BaseNs + offsetNs);

        private static List<TimeSeriesPoint> Cases()
        {
            var points = new List<TimeSeriesPoint>();
            for (int i = 0; i < Names.Length; i++)
            {
                points.Add(Point("m_" + Names[i], new[] { ("t", "v") }, new[] { ("n", FieldValue.Of((long)i)) }, i));
                points.Add(Point("esc_tag_keys", new[] { ("k_" + Names[i], "v") }, new[] { ("n", FieldValue.Of((long)i)) }, i));
                points.Add(Point("esc_tag_values", new[] { ("k", "v_" + Names[i]) }, new[] { ("n", FieldValue.Of((long)i)) }, i));
            }

            points.Add(Point("esc_field_keys", Array.Empty<(string, string)>(), Names.Select((n, i) => ("f_" + n, FieldValue.Of((long)i))), 0));
            points.Add(Point("esc_strings", Array.Empty<(string, string)>(), Strings.Select((s, i) => ($"s{i}", FieldValue.Of(s))), 0));
            points.Add(Point("types", new[] { ("bin", "baiyun-0007") }, new (string, FieldValue)[]
            {
                ("int_max", FieldValue.Of(long.MaxValue)), ("int_min", FieldValue.Of(long.MinValue)), ("int_zero", FieldValue.Of(0L)),
                ("float_frac", FieldValue.Of(-0.25)), ("float_big", FieldValue.Of(1e300)), ("float_tiny", FieldValue.Of(double.Epsilon)),
                ("float_tenth", FieldValue.Of(0.1)), ("float_pi", FieldValue.Of(Math.PI)), ("float_whole", FieldValue.Of(2.0)),
                ("bool_true", FieldValue.Of(true)), ("bool_false", FieldValue.Of(false)), ("text", FieldValue.Of("ok")),
            }, 7));
            return points;
        }

        [Fact]
        public async Task Every_special_character_and_field_type_reads_back_exactly()
        {
            var cases = Cases();
            Assert.All(cases, p => Assert.Null(LineProtocol.Validate(p)));
            await using (var pipeline = new InfluxPipeline(InfluxPipeline.Options(_influx.Url), _dataDirectory, new GatewayMetrics()))
            {
                await pipeline.WriteAsync(cases);
                Assert.True(await InfluxPipeline.EventuallyAsync(() => pipeline.Outbox.Lines == 0, TimeSpan.FromSeconds(30)), _influx.Log);
                Assert.True(cases.Count == pipeline.Metrics.Total("smartbin_tsdb_written_lines_total"),
                    File.Exists(pipeline.Outbox.RejectedFile) ? File.ReadAllText(pipeline.Outbox.RejectedFile) : "nothing rejected");
                Assert.Equal(0, pipeline.Metrics.Total("smartbin_tsdb_rejected_lines_total"));
            }

            foreach (var group in cases.GroupBy(p => p.Measurement))
            {
                var series = InfluxQueryResult.Parse(_influx.Query($"SELECT * FROM {InfluxQueryResult.Identifier(group.Key)} GROUP BY *"));
                Assert.Equal(group.Count(), series.Sum(s => s.Rows.Count));
                foreach (var expected in group)
                {
                    var tags = expected.Tags.ToDictionary(t => t.Key, t => t.Value);
                    var matches = series.Where(s => s.Name == expected.Measurement && SameTags(s.Tags, tags)).ToList();
                    Assert.True(matches.Count == 1, $"{expected.Measurement} {string.Join(";", tags)} not in " +
                        string.Join(" | ", series.Select(s => s.Name + " " + string.Join(";", s.Tags))));
                    var match = matches[0];
                    var row = Assert.Single(match.Rows, r => Convert.ToInt64(r[0]) == expected.TimestampNs);
                    foreach (var (key, value) in expected.Fields)
                    {
                        int column = match.ColumnIndex(key);
                        Assert.True(column > 0, $"field '{key}' missing in {string.Join("|", match.Columns)}");
                        AssertSameValue(value, row[column], $"{expected.Measurement}.{key}");
                    }
                }
            }
        }

        private static bool SameTags(IReadOnlyDictionary<string, string> actual, Dictionary<string, string> expected) =>
            expected.All(t => actual.TryGetValue(t.Key, out var v) && v == t.Value) &&
            actual.All(t => t.Value.Length == 0 || expected.ContainsKey(t.Key));

        private static void AssertSameValue(FieldValue expected, object? actual, string what)
        {
            switch (expected.Kind)
            {
                case FieldKind.Integer:
                    Assert.True(actual is long l && l == expected.Integer, $"{what}: expected {expected.Integer}, got {actual}");
                    break;
                case FieldKind.Float:
                    Assert.True(Convert.ToDouble(actual) == expected.Float, $"{what}: expected {expected.Float:R}, got {actual}");
                    break;
                case FieldKind.Boolean:
                    Assert.Equal(expected.Boolean, actual);
                    break;
                default:
                    Assert.Equal(expected.Text, actual);
                    break;
            }
        }
    }
}
