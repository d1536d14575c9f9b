using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>
/// A stand-in for the SQLite read model (another helper's component) returning fixed rows; records the arguments it
/// was asked with so tests can prove the API passes limits and filters through.
/// </summary>
internal sealed class FixedReadModel : IGatewayReadModel
{
    public List<CommunitySummary> CommunityRows { get; } = [];

    public List<BinSummary> BinRows { get; } = [];

    public List<DropOffRow> DropOffRows { get; } = [];

    public List<BalanceRow> BalanceRows { get; } = [];

    public (int Limit, string? BinId)? LastDropOffQuery { get; private set; }

    public int? LastBalanceLimit { get; private set; }

    public IReadOnlyList<CommunitySummary> Communities() => CommunityRows.ToList();

    public IReadOnlyList<BinSummary> Bins() => BinRows.ToList();

    public IReadOnlyList<DropOffRow> RecentDropOffs(int limit, string? binId = null)
    {
        LastDropOffQuery = (limit, binId);
        return DropOffRows.Where(d => binId is null || d.BinId == binId).Take(limit).ToList();
    }

    public IReadOnlyList<BalanceRow> TopBalances(int limit)
    {
        LastBalanceLimit = limit;
        return BalanceRows.OrderByDescending(b => b.Points).Take(limit).ToList();
    }

    public BalanceRow? Balance(string householdId) => BalanceRows.FirstOrDefault(b => b.HouseholdId == householdId);

    /// <summary>Rows like the pilot's: two communities, two bins, a few drop-offs and balances.</summary>
    public static FixedReadModel Pilot(string hostile = "Building 3 gate")
    {
        var model = new FixedReadModel();
        model.CommunityRows.Add(new("baiyun", "白云村 Baiyun", 4_303, 10_100, 100_000_000, 25_000_000));
        model.CommunityRows.Add(new("xiahang", "下杭村 Xiahang", 4_700, 11_148, 100_000_000, 0));
        model.BinRows.Add(new("baiyun-0001", "baiyun", "PET", hostile, 29.79, 119.69, 40_000, 70));
        model.BinRows.Add(new("xiahang-0001", "xiahang", "MIXED", "Market square", null, null, 40_000, 80));
        var at = new DateTimeOffset(2026, 11, 23, 0, 15, 0, TimeSpan.Zero);
        model.DropOffRows.Add(new("baiyun-0001", 1042, at, "04A1B2C3", "hh-0001", "PET", 750, "credited", "", 53, 878));
        model.DropOffRows.Add(new("xiahang-0001", 7, at.AddMinutes(-5), "", null, "MIXED", 300, "recorded", "unattributed", 0, 0));
        model.DropOffRows.Add(new("baiyun-0001", 1041, at.AddMinutes(-9), "04D5E6F7A1B2C3", "hh-0002", "PET", 12_000, "held", "implausible-weight", 840, 14_040));
        model.BalanceRows.Add(new("hh-0001", "baiyun", 530, 8_780));
        model.BalanceRows.Add(new("hh-0002", "baiyun", 120, 1_500));
        model.BalanceRows.Add(new("hh-0003", "xiahang", 900, 12_000));
        return model;
    }
}
