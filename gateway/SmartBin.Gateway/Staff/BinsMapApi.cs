using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmartBin.Gateway.Staff;

/// <summary>One bin on the bins map: its tile's text (same culture and wording as the list) and its position.</summary>
/// <param name="BinId">Bin id.</param>
/// <param name="Href">Its page.</param>
/// <param name="State">Colour state (<see cref="BinStates"/>).</param>
/// <param name="StateText">The state in words.</param>
/// <param name="Place">Community and location.</param>
/// <param name="FillText">Fill in words.</param>
/// <param name="LastSeenText">Last seen.</param>
/// <param name="Lat">Latitude, degrees, or null when the registry has none.</param>
/// <param name="Lon">Longitude, degrees, or null.</param>
public sealed record MapPoint(string BinId, string Href, string State, string StateText, string Place, string FillText, string LastSeenText, double? Lat, double? Lon)
{
    /// <summary>True when the bin has both coordinates (it is drawn; else it is listed below the map).</summary>
    public bool Placed => Lat is not null && Lon is not null;

    /// <summary>The map point of <paramref name="bin"/> in the current culture.</summary>
    public static MapPoint Of(StaffBin bin, StaffFormat format)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var tile = BinTile.Of(bin, format);
        return new MapPoint(tile.BinId, tile.Href, tile.State, tile.StateText, tile.Place, tile.FillText, tile.LastSeenText,
            bin.Bin?.LatitudeDeg, bin.Bin?.LongitudeDeg);
    }

    /// <summary>Every bin the scope sees as a map point, registry order.</summary>
    public static IReadOnlyList<MapPoint> All(StaffData data, StaffScope scope, StaffFormat format)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Bins(scope).Select(b => Of(b, format)).ToList();
    }
}

/// <summary><c>GET /staff/api/bins/map</c>: the bins map's data (behind the staff policy, through the scope).</summary>
internal static class BinsMapApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/bins/map", (HttpContext http, StaffData data, StaffFormat format, TimeProvider time) =>
        {
            var points = MapPoint.All(data, StaffScope.Of(http.User), format);
            return Results.Json(new
            {
                updatedText = format.Format("bins.updated", format.Time(time.GetUtcNow())),
                countText = format.Format("bins.count", points.Count),
                points = points.Where(p => p.Placed),
                unplaced = points.Where(p => !p.Placed),
            });
        });
}
