using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Alerts;

namespace SmartBin.Gateway.Web;

/// <summary>
/// <c>GET /</c>: a small self-contained status page, rendered on the server (useful without script, e.g. in a text
/// browser on the gateway) and refreshed in place every 5 s by its inline script. Every data string passes through
/// the HTML encoder; a Content-Security-Policy with a per-response nonce allows only the page's own style and script.
/// </summary>
internal static class StatusPage
{
    private const int DropOffRows = 20, BalanceRows = 10;

    // Encodes < > & " ' but leaves Chinese text readable in the source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IResult Render(HttpContext context, StatusViews? views)
    {
        var language = PageText.Language(context.Request.Query["lang"].FirstOrDefault());
        var text = PageText.For(language);
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var page = new Page(text, time, new StringBuilder(32 * 1024));
        page.Head(language, nonce);
        page.Body(views, context.RequestServices.GetRequiredService<AlertEngine>());
        page.Tail(nonce);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Content(page.Html.ToString(), "text/html; charset=utf-8");
    }

    private sealed class Page(IReadOnlyDictionary<string, string> text, TimeProvider time, StringBuilder html)
    {
        public StringBuilder Html { get; } = html;

        public void Head(string language, string nonce)
        {
            var other = language == PageText.English ? PageText.Chinese : PageText.English;
            Html.Append("<!doctype html>\n<html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(L("title")).Append("</title>")
                .Append("<style nonce=\"").Append(nonce).Append("\">").Append(StatusPageAssets.Css).Append("</style></head>\n<body>")
                .Append("<header><h1>").Append(L("title")).Append("</h1><span id=\"updated\" class=\"muted\">").Append(L("updated")).Append(' ')
                .Append(E(Local(time.GetUtcNow()))).Append("</span><span id=\"stale\" class=\"warn\" hidden>").Append(L("stale")).Append("</span>")
                .Append("<a href=\"/?lang=").Append(other).Append("\">").Append(L("otherLang")).Append("</a></header>\n<main>");
        }

        public void Body(StatusViews? views, AlertEngine engine)
        {
            var open = engine.OpenAlerts();
            Html.Append("<div class=\"grid\">");
            Table("communities", "communities", ["community", "households", "#collected", "progress"], views?.Communities() ?? [], c =>
                [E(c.Name), Num(c.Households), E(Kg(c.CreditedGrams) + " / " + (c.TargetGrams / 1000).ToString(CultureInfo.InvariantCulture)), Bar("progress", (int)Math.Min(100, c.ProgressPct), "max=\"100\"")]);
            Table("openAlerts", "alerts", ["bin", "kind", "code", "since", "detail"], open, a =>
                [E(a.BinId), E(KindLabel(a.Kind)), E(a.Code), E(Local(a.OpenedUtc)), E(a.Detail)]);
            Html.Append("</div>");
            Table("bins", "bins", ["bin", "location", "state", "fill", "#weight", "#signal", "#outbox", "firmware", "lastSeen", "#today", "alerts"], views?.Bins() ?? [], BinCells);
            Html.Append("<div class=\"grid\">");
            Table("dropoffs", "dropoffs", ["time", "bin", "card", "#net", "outcome", "#points"], views?.DropOffs(DropOffRows, null) ?? [], d =>
                [E(Local(d.OccurredUtc)), E(d.BinId), E(d.CardMasked), Num(Kg(d.NetGrams)), E(PageText.Label(text, "o." + d.Outcome, d.Outcome)), Num(d.Points)]);
            Table("balances", "balances", ["household", "community", "#points", "#carbon"], views?.Balances(BalanceRows) ?? [], b =>
                [E(b.HouseholdId), E(b.CommunityId), Num(b.Points), Num(Kg(b.GramsCo2e))]);
            Html.Append("</div>");
        }

        public void Tail(string nonce)
        {
            // Default System.Text.Json escaping turns < > & into \u003C… so the labels cannot close the script element.
            Html.Append("</main>\n<script type=\"application/json\" id=\"labels\">").Append(JsonSerializer.Serialize(text)).Append("</script>\n")
                .Append("<script nonce=\"").Append(nonce).Append("\">").Append(StatusPageAssets.Script).Append("</script>\n</body></html>\n");
        }

        private string[] BinCells(BinView b)
        {
            var t = b.Telemetry;
            var where = string.Join(" · ", new[] { b.CommunityId, b.Location }.Where(s => !string.IsNullOrEmpty(s)));
            var fill = t is { FillPct: >= 0 }
                ? Bar("meter", t.FillPct, $"min=\"0\" max=\"100\" low=\"{Math.Max(0, b.FillAlertPct - 30)}\" high=\"{b.FillAlertPct}\" optimum=\"0\"")
                : "—";
            return
            [
                E(b.BinId), E(where), $"<span class=\"{(b.Online ? "on" : "off")}\">{L(b.Online ? "online" : "offline")}</span>", fill,
                t is null ? "" : Num(Kg(t.WeightGrams)), t is null ? "" : Num(t.RssiDbm), t is null ? "" : E($"{t.OutboxDepth}/{t.OutboxCapacity}"),
                E(b.FirmwareVersion), b.LastSeenUtc is { } seen ? E(Local(seen)) : "", Num(b.DropOffsToday),
                $"<span class=\"alert\">{E(string.Join(", ", b.Alerts.Select(a => KindLabel(a.Kind))))}</span>",
            ];
        }

        /// <summary>A section with a table; a column key starting with # is numeric (right-aligned). Cells arrive encoded.</summary>
        private void Table<T>(string titleKey, string bodyId, string[] columns, IReadOnlyList<T> rows, Func<T, string[]> cells)
        {
            Html.Append("<section><h2>").Append(L(titleKey)).Append("</h2><table><thead><tr>");
            foreach (var column in columns)
            {
                var numeric = column.StartsWith('#');
                Html.Append(numeric ? "<th class=\"n\">" : "<th>").Append(L(column.TrimStart('#'))).Append("</th>");
            }
            Html.Append("</tr></thead><tbody id=\"").Append(bodyId).Append("\">");
            foreach (var row in rows)
            {
                Html.Append("<tr>");
                var values = cells(row);
                for (var i = 0; i < values.Length; i++)
                {
                    Html.Append(columns[i].StartsWith('#') ? "<td class=\"n\">" : "<td>").Append(values[i]).Append("</td>");
                }
                Html.Append("</tr>");
            }
            if (rows.Count == 0)
            {
                Html.Append("<tr><td class=\"muted\" colspan=\"").Append(columns.Length).Append("\">").Append(L("none")).Append("</td></tr>");
            }
            Html.Append("</tbody></table></section>\n");
        }

        private string L(string key) => E(PageText.Label(text, key, key));

        private string KindLabel(string kind) => PageText.Label(text, "k." + kind, kind);

        private string Local(DateTimeOffset utc) =>
            TimeZoneInfo.ConvertTime(utc, time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string E(string? value) => Encoder.Encode(value ?? "");

        private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Num(string value) => E(value);

        private static string Kg(long grams) => (grams / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

        private static string Bar(string tag, int pct, string attributes) => $"<{tag} {attributes} value=\"{pct}\"></{tag}> {pct}%";
    }
}
