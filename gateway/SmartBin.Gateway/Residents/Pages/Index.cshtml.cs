using System.Collections.Generic;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me</c>: the household's points (and their CNY value), carbon points and latest drop-offs; refreshes itself when they change.</summary>
public sealed class IndexModel(SqliteGatewayStore store, GatewayOptions options) : ResidentPageModel
{
    /// <summary>How many drop-offs the overview lists.</summary>
    public const int LatestCount = 5;

    /// <summary>The figures.</summary>
    public ResidentOverview Overview { get; private set; } = null!;

    /// <summary>The newest drop-offs.</summary>
    public IReadOnlyList<ResidentDropOff> Latest { get; private set; } = [];

    /// <summary>True right after choosing a PIN.</summary>
    public bool PinJustSet { get; private set; }

    /// <summary>Seconds between the page's checks for news.</summary>
    public int PollS => options.Residents.LivePollS;

    /// <summary>Reads the household's figures.</summary>
    public void OnGet(string? pin)
    {
        Overview = ResidentOverview.Read(store, Scope.HouseholdId);
        Latest = ResidentRows.DropOffs(store, Scope.HouseholdId, 0, LatestCount).Rows;
        PinJustSet = pin == "set";
    }
}
