using System;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me/dropoffs?p=N</c>: the household's drop-offs, newest first, a page at a time.</summary>
public sealed class DropOffsModel(SqliteGatewayStore store, GatewayOptions options) : ResidentPageModel
{
    /// <summary>The page's rows.</summary>
    public ResidentPage<ResidentDropOff> Rows { get; private set; } = null!;

    /// <summary>1-based page shown.</summary>
    public int PageNumber { get; private set; }

    /// <summary>Pages in all.</summary>
    public int Pages { get; private set; }

    /// <summary>Reads page <paramref name="p"/> (out-of-range numbers show the nearest page).</summary>
    public void OnGet(int? p)
    {
        var size = options.Residents.PageSize;
        PageNumber = Math.Max(1, p ?? 1);
        Rows = ResidentRows.DropOffs(store, Scope.HouseholdId, (PageNumber - 1) * size, size);
        Pages = (int)Math.Max(1, (Rows.Total + size - 1) / size);
        if (PageNumber > Pages)
        {
            PageNumber = Pages;
            Rows = ResidentRows.DropOffs(store, Scope.HouseholdId, (PageNumber - 1) * size, size);
        }
    }
}
