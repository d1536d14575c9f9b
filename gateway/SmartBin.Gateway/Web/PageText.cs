using System.Collections.Generic;

namespace SmartBin.Gateway.Web;

/// <summary>The status page's labels in its two languages; the same table is handed to the page's script.</summary>
internal static class PageText
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    private static readonly Dictionary<string, string> En = new()
    {
        ["title"] = "SmartBin status", ["otherLang"] = "中文", ["updated"] = "Updated", ["stale"] = "Refresh failed; data may be old",
        ["communities"] = "Communities", ["community"] = "Community", ["households"] = "Households", ["collected"] = "Collected / target (kg)", ["progress"] = "Progress",
        ["bins"] = "Bins", ["bin"] = "Bin", ["location"] = "Location", ["state"] = "State", ["online"] = "online", ["offline"] = "offline",
        ["fill"] = "Fill", ["weight"] = "Weight (kg)", ["signal"] = "Signal (dBm)", ["outbox"] = "Outbox", ["firmware"] = "Firmware",
        ["lastSeen"] = "Last seen", ["today"] = "Drop-offs today", ["alerts"] = "Alerts", ["openAlerts"] = "Open alerts", ["kind"] = "Kind", ["code"] = "Code", ["since"] = "Since", ["detail"] = "Detail",
        ["dropoffs"] = "Recent drop-offs", ["time"] = "Time", ["card"] = "Card", ["net"] = "Net (kg)", ["outcome"] = "Outcome", ["points"] = "Points",
        ["balances"] = "Top balances", ["household"] = "Household", ["carbon"] = "CO2e avoided (kg)", ["none"] = "none",
        ["k.fill"] = "full", ["k.offline"] = "offline", ["k.scale-fault"] = "scale fault", ["k.reader-fault"] = "reader fault", ["k.tamper"] = "tamper",
        ["o.credited"] = "credited", ["o.recorded"] = "recorded", ["o.held"] = "held", ["o.rejected"] = "rejected", ["o.suspense"] = "unknown card",
    };

    private static readonly Dictionary<string, string> Zh = new()
    {
        ["title"] = "智能回收箱状态", ["otherLang"] = "English", ["updated"] = "更新于", ["stale"] = "刷新失败，数据可能已过时",
        ["communities"] = "社区", ["community"] = "社区", ["households"] = "户数", ["collected"] = "已回收 / 目标（千克）", ["progress"] = "进度",
        ["bins"] = "回收箱", ["bin"] = "回收箱", ["location"] = "位置", ["state"] = "状态", ["online"] = "在线", ["offline"] = "离线",
        ["fill"] = "满溢度", ["weight"] = "重量（千克）", ["signal"] = "信号（dBm）", ["outbox"] = "待确认", ["firmware"] = "固件",
        ["lastSeen"] = "最后上报", ["today"] = "今日投放", ["alerts"] = "告警", ["openAlerts"] = "当前告警", ["kind"] = "类型", ["code"] = "代码", ["since"] = "开始时间", ["detail"] = "详情",
        ["dropoffs"] = "最近投放", ["time"] = "时间", ["card"] = "卡号", ["net"] = "净重（千克）", ["outcome"] = "结果", ["points"] = "积分",
        ["balances"] = "积分排行", ["household"] = "住户", ["carbon"] = "减碳（千克 CO2e）", ["none"] = "无",
        ["k.fill"] = "满溢", ["k.offline"] = "离线", ["k.scale-fault"] = "称重故障", ["k.reader-fault"] = "读卡器故障", ["k.tamper"] = "疑似篡改",
        ["o.credited"] = "已计分", ["o.recorded"] = "已记录", ["o.held"] = "待审核", ["o.rejected"] = "已拒绝", ["o.suspense"] = "未登记卡",
    };

    /// <summary><c>en</c> when asked for (<c>?lang=en</c>, any <c>en-*</c>), otherwise Chinese: the pilot's staff read Chinese.</summary>
    public static string Language(string? requested) =>
        requested is not null && (requested == English || requested.StartsWith("en-", System.StringComparison.OrdinalIgnoreCase)) ? English : Chinese;

    public static IReadOnlyDictionary<string, string> For(string language) => language == English ? En : Zh;

    /// <summary>The label, or the key itself for a value the table does not know (e.g. a new outcome).</summary>
    public static string Label(IReadOnlyDictionary<string, string> text, string key, string fallback) =>
        text.TryGetValue(key, out var label) ? label : fallback;
}
