using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// The printable report's texts in English and Simplified Chinese. Kept here, apart from the web's resources, so
/// the report has no dependency on them; the web side may move them into shared resources later.
/// </summary>
public sealed class ReportText
{
    private static readonly Dictionary<string, (string En, string Zh)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("SmartBin pilot report", "智能回收箱试点报告"),
        ["subtitle"] = ("Plastic recycling in Tonglu County: figures for the assessing departments", "桐庐县塑料回收：供评估部门使用的数据"),
        ["period"] = ("Period", "统计期间"),
        ["communities"] = ("Communities", "社区"),
        ["generated"] = ("Generated", "生成时间"),
        ["totals"] = ("Totals by material", "按材料汇总"),
        ["material"] = ("Material", "材料"),
        ["dropoffs"] = ("Drop-offs", "投放次数"),
        ["net_kg"] = ("Net weight (kg)", "净重（千克）"),
        ["points"] = ("Points issued", "发放积分"),
        ["co2e_kg"] = ("CO2e avoided (kg)", "减排二氧化碳当量（千克）"),
        ["total"] = ("Total", "合计"),
        ["factors"] = ("CO2e and the carbon factor versions used", "二氧化碳当量及所用碳排放因子版本"),
        ["version"] = ("Factor version", "因子版本"),
        ["factor_values"] = ("Factors (g CO2e per kg)", "因子（克二氧化碳当量/千克）"),
        ["baseline"] = ("Baseline", "基准情景"),
        ["participation"] = ("Participation", "参与情况"),
        ["participation_note"] = ("Households with at least one credited drop-off in the period ÷ households in the community.", "统计期间内至少有一次有效投放的户数 ÷ 社区总户数。"),
        ["community"] = ("Community", "社区"),
        ["active_households"] = ("Households taking part", "参与户数"),
        ["households"] = ("Households", "总户数"),
        ["rate"] = ("Rate", "参与率"),
        ["progress"] = ("Progress to the pilot target", "试点目标进度"),
        ["target"] = ("Target (kg)", "目标（千克）"),
        ["so_far"] = ("Credited so far (kg)", "累计有效回收（千克）"),
        ["pilot_dates"] = ("Pilot", "试点期"),
        ["as_of"] = ("As of", "截至"),
        ["pace_actual"] = ("Actual pace (kg/day)", "实际日均（千克/天）"),
        ["pace_needed"] = ("Pace needed for the rest (kg/day)", "剩余期间所需日均（千克/天）"),
        ["on_track"] = ("On track", "进度达标"),
        ["yes"] = ("yes", "是"),
        ["no"] = ("no", "否"),
        ["campaign"] = ("Weekly campaign", "每周评比"),
        ["top_individuals"] = ("Top individuals", "个人前列"),
        ["top_units"] = ("Top units (communities)", "单位前列（社区）"),
        ["rank"] = ("Rank", "名次"),
        ["name"] = ("Name", "姓名"),
        ["card"] = ("Card", "卡号"),
        ["ranked_kg"] = ("Counted (kg)", "计入（千克）"),
        ["credited_kg"] = ("Credited (kg)", "有效回收（千克）"),
        ["kg_per_household"] = ("kg per household", "户均千克"),
        ["cap_note"] = ("Each person counts at most {0} kg a week; ties go to whoever reached the total first.", "每人每周最多计入 {0} 千克；并列时先达到该总量者优先。"),
        ["unit_note"] = ("Score = counted kg of the unit's households ÷ all its households; ties: higher participation first.", "得分 = 单位各户计入千克 ÷ 单位总户数；并列时参与率高者优先。"),
        ["privacy_note"] = ("Names are masked and cards shown by their last four characters only.", "姓名已脱敏，卡号仅显示末四位。"),
        ["not_counted"] = ("Not counted (not credited)", "未计入（未入账）"),
        ["outcome"] = ("Status", "状态"),
        ["held"] = ("held for review", "待审核"),
        ["suspense"] = ("card not registered yet", "卡未登记"),
        ["recorded"] = ("recorded without a card", "无卡记录"),
        ["rejected"] = ("rejected", "已拒绝"),
        ["reversed"] = ("reversed (corrected)", "已冲正"),
        ["none"] = ("none", "无"),
        ["definitions"] = ("Only credited drop-offs count: those booked to a household, not held, rejected or reversed. Local days are China Standard Time; weeks are ISO weeks (Monday to Sunday).", "仅计入已入账（记入住户）的投放，不含待审核、已拒绝或已冲正的投放。日期按北京时间计算；周为 ISO 周（周一至周日）。"),
        ["MIXED"] = ("Mixed plastics", "混合塑料"),
        ["Landfill"] = ("versus landfill", "相对填埋"),
        ["Incineration"] = ("versus incineration", "相对焚烧"),
    };

    private ReportText(bool chinese)
    {
        Chinese = chinese;
        Culture = CultureInfo.GetCultureInfo(chinese ? "zh-CN" : "en");
    }

    /// <summary>True for Simplified Chinese.</summary>
    public bool Chinese { get; }

    /// <summary>Culture for numbers.</summary>
    public CultureInfo Culture { get; }

    /// <summary>BCP 47 tag for the page's <c>lang</c>.</summary>
    public string LanguageTag => Chinese ? "zh-CN" : "en";

    /// <summary>Chinese for any <c>zh</c> culture, else English.</summary>
    public static ReportText For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return new ReportText(culture.TwoLetterISOLanguageName == "zh");
    }

    /// <summary>Every key the dictionary has (tests check both languages are filled).</summary>
    public static IEnumerable<string> Keys => Texts.Keys;

    /// <summary>The text of <paramref name="key"/>; the key itself when unknown (a material code such as PET).</summary>
    public string this[string key] => Texts.TryGetValue(key, out var t) ? (Chinese ? t.Zh : t.En) : key;

    /// <summary>Grams as kilograms with one decimal in the report's culture.</summary>
    public string Kg(double grams) => (grams / 1000).ToString("N1", Culture);

    /// <summary>An integer in the report's culture.</summary>
    public string Count(long value) => value.ToString("N0", Culture);

    /// <summary>A 0..1 fraction as a percentage with one decimal, or a dash.</summary>
    public string Percent(double? fraction) => fraction is { } f ? f.ToString("P1", Culture) : "–";
}
