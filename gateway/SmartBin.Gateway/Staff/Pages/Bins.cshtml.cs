using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary><c>/staff/bins</c>: every bin the staff member's scope sees, coloured by state, refreshed by polling the JSON API.</summary>
public sealed class BinsModel(StaffData data, StaffFormat format, TimeProvider time, GatewayOptions options) : StaffPageModel
{
    /// <summary>The tiles, in the request's culture.</summary>
    public IReadOnlyList<BinTile> Tiles { get; private set; } = [];

    /// <summary>When the page was built.</summary>
    public DateTimeOffset NowUtc { get; private set; }

    /// <summary>Refresh interval, s.</summary>
    public int PollS => options.Staff.LivePollS;

    /// <summary>Reads the bins through the scope.</summary>
    public void OnGet()
    {
        NowUtc = time.GetUtcNow();
        Tiles = data.Bins(Scope).Select(b => BinTile.Of(b, format)).ToList();
    }
}
