using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SmartBin.Gateway.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>The README documents every alert kind and every metric the alert code emits.</summary>
public sealed class AlertsReadmeTests
{
    [Fact]
    public void Every_kind_has_a_rule_row_and_every_metric_is_listed()
    {
        var folder = Path.Combine(RepoPaths.Root, "gateway", "SmartBin.Gateway", "Alerts");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        foreach (var kind in AlertKinds.All)
        {
            Assert.Contains($"\n| `{kind}` |", readme, StringComparison.Ordinal);
        }
        var code = string.Concat(Directory.GetFiles(folder, "*.cs").Select(File.ReadAllText));
        var metrics = Regex.Matches(code, "\"(smartbin_[a-z_]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(metrics.Count >= 8, "expected the alert metrics to be found in the source");
        Assert.All(metrics, name => Assert.Contains(name, readme, StringComparison.Ordinal));
    }
}
