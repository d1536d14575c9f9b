using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// One bin as the overview shows it, text already formatted for the request's culture, so the server-rendered page
/// and the live refresh (which only copies these strings into the page) always agree.
/// </summary>
/// <param name="BinId">Bin id.</param>
/// <param name="Href">Its page.</param>
/// <param name="State">Colour state (<see cref="BinStates"/>).</param>
/// <param name="StateText">The state in words.</param>
/// <param name="Place">Community and location, or "not registered".</param>
/// <param name="FillPct">Fill %, null when unknown.</param>
/// <param name="FillText">Fill in words.</param>
/// <param name="LastSeenText">Last seen.</param>
/// <param name="OutboxText">Outbox depth of capacity.</param>
/// <param name="FirmwareText">Firmware version.</param>
/// <param name="RssiText">Signal.</param>
/// <param name="OpenAlerts">Open alerts.</param>
/// <param name="FillAlertPct">Fill threshold in force, % (the meter turns amber and red near it).</param>
public sealed record BinTile(string BinId, string Href, string State, string StateText, string Place, int? FillPct, string FillText,
    string LastSeenText, string OutboxText, string FirmwareText, string RssiText, int OpenAlerts, int FillAlertPct)
{
    /// <summary>The tile of <paramref name="bin"/> in the current culture.</summary>
    public static BinTile Of(StaffBin bin, StaffFormat f)
    {
        ArgumentNullException.ThrowIfNull(bin);
        ArgumentNullException.ThrowIfNull(f);
        var t = bin.Live?.Telemetry;
        var none = f.Text["none"].Value;
        var place = bin.Bin is { } b ? b.CommunityId + " · " + b.Location : f.Text["bins.unregistered"].Value;
        int? fill = t is { FillPct: >= 0 } ? t.FillPct : null;
        return new BinTile(bin.BinId, StaffRegistration.BasePath + "/bins/" + Uri.EscapeDataString(bin.BinId), bin.State,
            f.Text["state." + bin.State].Value, place, fill, fill is { } pct ? f.Pct(pct) : none,
            bin.Live is { } live ? f.Time(live.LastSeenUtc) : f.Text["bins.never"].Value,
            t is null ? none : f.Format("unit.outbox", t.OutboxDepth, t.OutboxCapacity),
            bin.Live is { FirmwareVersion.Length: > 0 } l ? l.FirmwareVersion : none,
            t is null ? none : f.Dbm(t.RssiDbm), bin.OpenAlerts.Count, bin.FillAlertPct);
    }
}

/// <summary>The dashboard's JSON endpoints under <see cref="StaffRegistration.ApiPath"/> (all behind the staff policy).</summary>
internal static class StaffApi
{
    /// <summary>Chart ranges the bin page offers, hours.</summary>
    public static readonly IReadOnlyList<int> RangesHours = [24, 168, 720];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/bins", (HttpContext http, StaffData data, StaffFormat format, TimeProvider time) =>
        {
            var scope = StaffScope.Of(http.User);
            var tiles = data.Bins(scope).Select(b => BinTile.Of(b, format)).ToList();
            return Results.Json(new { updatedText = format.Format("bins.updated", format.Time(time.GetUtcNow())), countText = format.Format("bins.count", tiles.Count), bins = tiles });
        });
        api.MapGet("/bins/{binId}/history", HistoryAsync);
        BinsMapApi.Map(api);
    }

    private static bool IsStoreUnavailable(Exception e, CancellationToken requestAborted) =>
        e is System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException or System.IO.IOException
            or TimeSeries.Influx.InfluxQueryException
        || (e is OperationCanceledException && !requestAborted.IsCancellationRequested);

    private static async Task<IResult> HistoryAsync(string binId, HttpContext http, StaffData data, TimeProvider time, CancellationToken cancellationToken)
    {
        var hoursText = http.Request.Query["hours"];
        var hours = 24;
        if (hoursText.Count > 0 && !(hoursText.Count == 1 && int.TryParse(hoursText[0], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
            && hours is >= 1 and <= StaffData.HistoryHoursMax))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid query parameter",
                detail: $"hours must be one integer from 1 to {StaffData.HistoryHoursMax}");
        }
        BinHistory? history;
        try
        {
            history = await data.HistoryAsync(StaffScope.Of(http.User), binId, hours, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (IsStoreUnavailable(e, cancellationToken))
        {
            // InfluxDB down, slow or answering nonsense: the page says so; the rest of the dashboard reads SQLite.
            http.RequestServices.GetRequiredService<ILogger<StaffData>>()
                .LogWarning("bin history of {BinId} unavailable: {Error}", binId, e.Message);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "time series unavailable",
                detail: "the time-series store did not answer; the history comes back when it does");
        }
        return history is null ? Results.NotFound() : Results.Json(history);
    }
}
