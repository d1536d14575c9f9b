using System;
using System.IO;
using System.Linq;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>The README's rule table matches the engine's order.</summary>
public sealed class CreditingReadmeTests
{
    [Fact]
    public void The_readme_lists_the_reason_codes_in_the_engines_order()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "gateway", "SmartBin.Gateway", "Crediting", "README.md"));
        var reasons = readme
            .SkipWhile(line => !line.StartsWith("<!-- rules:", StringComparison.Ordinal))
            .Skip(3)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|')[3].Trim().Trim('`'))
            .Where(reason => reason != "(empty)")
            .ToArray();
        string[] engineOrder =
        [
            ReasonCodes.Unattributed, ReasonCodes.NonPositiveNet, ReasonCodes.UnknownMaterial, ReasonCodes.NoRuleVersion,
            ReasonCodes.WeighingUncertain, ReasonCodes.MaterialMismatch, ReasonCodes.ImplausibleWeight, ReasonCodes.ImpossibleTravel,
            ReasonCodes.UnknownCard, ReasonCodes.DailyCap,
        ];
        Assert.Equal(engineOrder, reasons);
    }
}
