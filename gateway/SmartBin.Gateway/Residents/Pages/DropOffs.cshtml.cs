using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me/dropoffs?p=N</c>: the household's drop-offs, newest first, a page at a time.</summary>
public sealed class DropOffsModel(SqliteGatewayStore store, GatewayOptions options) : PagedResidentPageModel<ResidentDropOff>
{
    /// <summary>Reads page <paramref name="p"/> (out-of-range numbers show the nearest page).</summary>
    public void OnGet(int? p) =>
        LoadPage(p, options.Residents.PageSize, (offset, limit) => ResidentRows.DropOffs(store, Scope.HouseholdId, offset, limit));
}
