using System.Net;
using System.Threading.Tasks;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;
using static SmartBin.Gateway.Tests.Redemption.Scenarios;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>A card deactivated at the service desk (lost, stolen, cloned) can no longer be charged by a partner.</summary>
public sealed class DeactivatedCardTests
{
    [Fact]
    public async Task A_deactivated_card_is_unknown_to_partners_and_pays_nothing_until_registered_again()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 500);
        var paid = await rig.PostAsync("shop-a", "/api/partner/v1/payments", new { cardUid = BaiyunCard, points = 10, reference = Ref() }, Key());
        Assert.Equal(HttpStatusCode.Created, paid.Status);

        Assert.Equal(CardDeactivationOutcome.Deactivated, rig.Store.DeactivateCard(BaiyunCard, "desk1", CardDeactivationReasons.Stolen).Outcome);
        var refused = await rig.PostAsync("shop-a", "/api/partner/v1/payments", new { cardUid = BaiyunCard, points = 10, reference = Ref() }, Key());
        Assert.Equal((HttpStatusCode.NotFound, RedemptionCodes.CardUnknown), (refused.Status, refused.Code));
        Assert.Equal(490, rig.Balance(LedgerAccounts.Household(BaiyunHousehold)));

        Assert.True(rig.Store.RegisterCard(BaiyunCard, BaiyunHousehold).Ok);
        var again = await rig.PostAsync("shop-a", "/api/partner/v1/payments", new { cardUid = BaiyunCard, points = 10, reference = Ref() }, Key());
        Assert.Equal(HttpStatusCode.Created, again.Status);
    }
}
