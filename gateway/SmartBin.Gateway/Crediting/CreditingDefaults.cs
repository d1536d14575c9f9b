using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Crediting;

/// <summary>
/// Default configuration. These are starting values an operator overrides in settings, not constants the code
/// depends on; see Crediting/README.md for the reasoning and sources.
/// </summary>
public static class CreditingDefaults
{
    /// <summary>Start of the default versions: the beginning of the pilot year.</summary>
    public static readonly DateTimeOffset PilotStartUtc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Prices, 1 point = 0.01 CNY. PET and HDPE at 0.8 CNY/kg (Huge, 2019: 80 points/kg), the other streams at
    /// 0.7 CNY/kg (Xiaohuanggou plastics, 2018: 70 points/kg). Both are resident-facing prices, far below the
    /// ~5.4 CNY/kg trade level (CMRA 2023), which leaves room for collection and sorting costs.
    /// </summary>
    public static PriceTableOptions Prices() => new()
    {
        Versions =
        [
            new PriceVersionOptions
            {
                Version = "prices-2026-01",
                EffectiveFromUtc = PilotStartUtc,
                PointsPerKg = new(StringComparer.Ordinal)
                {
                    ["PET"] = 80, ["HDPE"] = 80, ["PP"] = 70, ["LDPE"] = 70, ["PS"] = 70, ["MIXED"] = 70,
                },
            },
        ],
    };

    /// <summary>
    /// EPA WARM v16 recycling savings in kg CO2e per kg (as listed in the project's REFERENCES.md), times 1000 for
    /// g CO2e per kg: versus landfill PET 1.17, HDPE 0.86, PP 0.89, mixed 1.05; mixed versus incineration 2.41. WARM has no factor for LDPE and PS (and none for the other material/baseline pairs listed nowhere
    /// here), so those are absent and credit 0 g flagged <c>no-factor</c> rather than an invented number.
    /// </summary>
    public static CarbonFactorTableOptions CarbonFactors() => new()
    {
        Versions =
        [
            new CarbonFactorVersionOptions
            {
                Version = "epa-warm-v16",
                EffectiveFromUtc = PilotStartUtc,
                LandfillGramsCo2ePerKg = new(StringComparer.Ordinal)
                {
                    ["PET"] = 1170, ["HDPE"] = 860, ["PP"] = 890, ["MIXED"] = 1050,
                },
                IncinerationGramsCo2ePerKg = new(StringComparer.Ordinal) { ["MIXED"] = 2410 },
            },
        ],
    };

    /// <summary>Default rules; see <see cref="CreditingRulesOptions"/> for each value's reasoning.</summary>
    public static CreditingRulesOptions Rules() => new();
}

/// <summary>Configuration of the engine's rules (binds from settings).</summary>
public sealed class CreditingRulesOptions
{
    /// <summary>Rule set version recorded with every decision; bump it whenever a rule or limit changes.</summary>
    public string RuleSetVersion { get; set; } = "rules-2026-01";

    /// <summary>IANA time zone of the residents' local day for daily caps.</summary>
    public string TimeZoneId { get; set; } = "Asia/Shanghai";

    /// <summary>Baseline for carbon credited to residents.</summary>
    public CarbonBaseline CarbonBaseline { get; set; } = CarbonBaseline.Landfill;

    /// <summary>
    /// Most grams a resident may be credited per local day. The pilot averages ~0.85 kg per household per week, so
    /// 10 kg in a day is over ten weeks' worth: reachable by a spring clean, worth a human look.
    /// </summary>
    public long DailyCapGrams { get; set; } = 10_000;

    /// <summary>Most points a resident may be credited per local day (10 kg at the top price of 80 points/kg).</summary>
    public long DailyCapPoints { get; set; } = 800;

    /// <summary>
    /// Most grams believable in one drop-off by material. Bottles and tubs are light: 5 kg of PET is about 200
    /// bottles. Film (LDPE) and foam (PS) are bulky for their weight, so less fits through a bin's opening.
    /// </summary>
    public Dictionary<string, int> MaxGramsPerDrop { get; set; } = new(StringComparer.Ordinal)
    {
        ["PET"] = 5_000, ["HDPE"] = 5_000, ["PP"] = 5_000, ["LDPE"] = 3_000, ["PS"] = 2_000, ["MIXED"] = 8_000,
    };

    /// <summary>Fastest believable travel of one card between two bins (city traffic by car), km/h.</summary>
    public double MaxTravelSpeedKmh { get; set; } = 60;

    /// <summary>Distance under which two bins count as the same place (one collection point), metres.</summary>
    public double SamePlaceMeters { get; set; } = 200;
}
