using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Mvc;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/bins/{binId}</c>: facts, fill and weight chart, open alerts and recent drop-offs of one bin. A bin
/// outside the staff member's scope is 404, the same as one that does not exist.
/// </summary>
public sealed class BinModel(StaffData data, StaffFormat format) : StaffPageModel
{
    /// <summary>Drop-offs listed.</summary>
    public const int DropOffRows = 20;

    /// <summary>The bin.</summary>
    public StaffBin? Bin { get; private set; }

    /// <summary>Its overview tile (shared wording).</summary>
    public BinTile? Tile { get; private set; }

    /// <summary>Recent drop-offs, newest first.</summary>
    public IReadOnlyList<DropOffRow> DropOffs { get; private set; } = [];

    /// <summary>Chart range, hours.</summary>
    public int Hours { get; private set; } = 24;

    /// <summary>Ranges offered, hours.</summary>
    public IReadOnlyList<int> Ranges => StaffApi.RangesHours;

    /// <summary>Reads the bin through the scope.</summary>
    public IActionResult OnGet(string binId, int? hours)
    {
        Bin = data.Bin(Scope, binId);
        if (Bin is null)
        {
            return NotFound();
        }
        Hours = hours is { } h && Ranges.Contains(h) ? h : 24;
        Tile = BinTile.Of(Bin, format);
        DropOffs = data.DropOffs(Scope, binId, DropOffRows);
        return Page();
    }
}
