using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>A ready partner POST: who, where, what; and another request (path or body) to try under the same key.</summary>
internal sealed record PreparedPost(string Partner, string Path, object Body, string OtherPath, object OtherBody);

/// <summary>
/// For every partner POST route, a way to prepare a valid request (creating what it acts on first). Tests check
/// that this table covers every mapped POST, so a new endpoint cannot skip the idempotency tests.
/// </summary>
internal static class Scenarios
{
    private const string V1 = "/api/partner/v1";

    public static readonly IReadOnlyDictionary<string, Func<RedemptionRig, Task<PreparedPost>>> Posts =
        new Dictionary<string, Func<RedemptionRig, Task<PreparedPost>>>(StringComparer.Ordinal)
        {
            [V1 + "/payments"] = _ => Task.FromResult(new PreparedPost("shop-a", V1 + "/payments",
                new { cardUid = BaiyunCard, points = 100, reference = Ref() }, V1 + "/payments", new { cardUid = BaiyunCard, points = 101, reference = Ref() })),
            [V1 + "/payments/{id}/capture"] = async rig =>
            {
                var id = await CreateAsync(rig, "shop-a", "payments", 100);
                return new PreparedPost("shop-a", $"{V1}/payments/{id}/capture", new { }, $"{V1}/payments/{id}/capture", new { points = 50 });
            },
            [V1 + "/payments/{id}/refund"] = async rig =>
            {
                var id = await CreateAsync(rig, "shop-a", "payments", 100);
                Assert.Equal(HttpStatusCode.OK, (await rig.PostAsync("shop-a", $"{V1}/payments/{id}/capture", null, Key())).Status);
                return new PreparedPost("shop-a", $"{V1}/payments/{id}/refund", new { points = 30 }, $"{V1}/payments/{id}/refund", new { points = 31 });
            },
            [V1 + "/payments/{id}/void"] = async rig =>
            {
                var (a, b) = (await CreateAsync(rig, "shop-a", "payments", 100), await CreateAsync(rig, "shop-a", "payments", 100));
                return new PreparedPost("shop-a", $"{V1}/payments/{a}/void", new { }, $"{V1}/payments/{b}/void", new { });
            },
            [V1 + "/orders"] = _ => Task.FromResult(new PreparedPost("mall-a", V1 + "/orders",
                new { householdId = BaiyunHousehold, points = 100, orderReference = Ref(), holdMinutes = 60 }, V1 + "/orders",
                new { householdId = BaiyunHousehold, points = 100, orderReference = Ref(), holdMinutes = 61 })),
            [V1 + "/orders/{id}/capture"] = async rig =>
            {
                var id = await CreateAsync(rig, "mall-a", "orders", 100);
                return new PreparedPost("mall-a", $"{V1}/orders/{id}/capture", new { }, $"{V1}/orders/{id}/capture", new { points = 99 });
            },
            [V1 + "/orders/{id}/release"] = async rig =>
            {
                var (a, b) = (await CreateAsync(rig, "mall-a", "orders", 100), await CreateAsync(rig, "mall-a", "orders", 100));
                return new PreparedPost("mall-a", $"{V1}/orders/{a}/release", new { }, $"{V1}/orders/{b}/release", new { });
            },
            [V1 + "/bill-deductions"] = _ => Task.FromResult(new PreparedPost("card-a", V1 + "/bill-deductions",
                new { householdId = BaiyunHousehold, billType = "water", partnerReference = Ref(), points = 100 }, V1 + "/bill-deductions",
                new { householdId = BaiyunHousehold, billType = "gas", partnerReference = Ref(), points = 100 })),
            [V1 + "/bill-deductions/{id}/reverse"] = async rig =>
            {
                var (a, b) = (await CreateAsync(rig, "card-a", "bill-deductions", 100), await CreateAsync(rig, "card-a", "bill-deductions", 100));
                return new PreparedPost("card-a", $"{V1}/bill-deductions/{a}/reverse", new { }, $"{V1}/bill-deductions/{b}/reverse", new { });
            },
        };

    public static string Key() => Guid.NewGuid().ToString("N");

    public static string Ref() => "ref-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates a payment, order or bill deduction of <paramref name="points"/> on the Baiyun household; returns its id.</summary>
    public static async Task<string> CreateAsync(RedemptionRig rig, string partner, string collection, long points, int holdMinutes = 60)
    {
        object body = collection switch
        {
            "payments" => new { cardUid = BaiyunCard, points, reference = Ref() },
            "orders" => new { householdId = BaiyunHousehold, points, orderReference = Ref(), holdMinutes },
            _ => new { householdId = BaiyunHousehold, billType = "power", partnerReference = Ref(), points },
        };
        var created = await rig.PostAsync(partner, $"{V1}/{collection}", body, Key());
        Assert.True(created.Status == HttpStatusCode.Created, $"{collection}: {created.Status} {created.Json}");
        return created.Id;
    }
}
