using System;
using System.Net;
using System.Threading.Tasks;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Alerts;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;
using static SmartBin.Gateway.Tests.Redemption.Scenarios;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>The three partner flows end to end over HTTP, with the ledger checked after each.</summary>
public sealed class RedemptionFlowTests
{
    private const string V1 = "/api/partner/v1";
    private static readonly string Household = LedgerAccounts.Household(BaiyunHousehold);
    private static readonly string Reserved = LedgerAccounts.Reserved(BaiyunHousehold);

    [Fact]
    public async Task Shop_looks_up_a_card_authorises_captures_and_refunds_in_parts_never_beyond_the_capture()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var lookup = await rig.GetAsync("shop-a", $"{V1}/residents/by-card/{BaiyunCard.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.OK, lookup.Status);
        Assert.Equal(BaiyunHousehold, lookup.Json.GetProperty("householdId").GetString());
        Assert.Equal("baiyun", lookup.Json.GetProperty("communityId").GetString());
        Assert.Equal(1_000, lookup.Json.GetProperty("availablePoints").GetInt64());

        var auth = await rig.PostAsync("shop-a", $"{V1}/payments", new { cardUid = BaiyunCard, points = 400, reference = "till-1" }, Key());
        Assert.Equal((HttpStatusCode.Created, "reserved"), (auth.Status, auth.State));
        Assert.Equal($"{V1}/payments/{auth.Id}", auth.Response.Headers.Location?.ToString());
        Assert.Equal(600, auth.Json.GetProperty("availablePoints").GetInt64());
        Assert.Equal((600, 400), (rig.Balance(Household), rig.Balance(Reserved)));

        var capture = await rig.PostAsync("shop-a", $"{V1}/payments/{auth.Id}/capture", new { points = 350 }, Key());
        Assert.Equal((HttpStatusCode.OK, "captured"), (capture.Status, capture.State));
        Assert.Equal((650, 0, 350), (rig.Balance(Household), rig.Balance(Reserved), rig.Balance("partner:shop-a")));

        Assert.Equal(HttpStatusCode.OK, (await rig.PostAsync("shop-a", $"{V1}/payments/{auth.Id}/refund", new { points = 200 }, Key())).Status);
        var over = await rig.PostAsync("shop-a", $"{V1}/payments/{auth.Id}/refund", new { points = 151 }, Key());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "refund-exceeds-captured"), (over.Status, over.Code));
        Assert.Contains("at most 150", over.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var rest = await rig.PostAsync("shop-a", $"{V1}/payments/{auth.Id}/refund", new { points = 150 }, Key());
        Assert.Equal((HttpStatusCode.OK, "refunded"), (rest.Status, rest.State));
        Assert.Equal(350, rest.Json.GetProperty("refundedPoints").GetInt64());
        Assert.Equal((1_000, 0), (rig.Balance(Household), rig.Balance("partner:shop-a")));
        var again = await rig.PostAsync("shop-a", $"{V1}/payments/{auth.Id}/refund", new { points = 1 }, Key());
        Assert.Equal("refund-exceeds-captured", again.Code);

        var view = await rig.GetAsync("shop-a", $"{V1}/payments/{auth.Id}");
        Assert.Equal("refunded", view.State);
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task Void_returns_the_points_and_a_voided_payment_cannot_be_captured()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 500);
        var id = await CreateAsync(rig, "shop-a", "payments", 200);
        var voided = await rig.PostAsync("shop-a", $"{V1}/payments/{id}/void", null, Key());
        Assert.Equal((HttpStatusCode.OK, "released"), (voided.Status, voided.State));
        Assert.Equal((500, 0), (rig.Balance(Household), rig.Balance(Reserved)));
        var capture = await rig.PostAsync("shop-a", $"{V1}/payments/{id}/capture", null, Key());
        Assert.Equal((HttpStatusCode.Conflict, "invalid-state"), (capture.Status, capture.Code));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task Mall_order_reserves_then_captures_once_and_releases_what_it_did_not_take()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var order = await rig.PostAsync("mall-a", $"{V1}/orders", new { cardUid = BaiyunCard, points = 300, orderReference = "o-1" }, Key());
        Assert.Equal("reserved", order.State);
        Assert.Equal(rig.Time.GetUtcNow().AddMinutes(30), order.Json.GetProperty("expiresUtc").GetDateTimeOffset());
        var capture = await rig.PostAsync("mall-a", $"{V1}/orders/{order.Id}/capture", new { points = 250 }, Key());
        Assert.Equal((250, 750), (capture.Json.GetProperty("capturedPoints").GetInt64(), capture.Json.GetProperty("availablePoints").GetInt64()));
        var second = await rig.PostAsync("mall-a", $"{V1}/orders/{order.Id}/capture", null, Key());
        Assert.Equal((HttpStatusCode.Conflict, "invalid-state"), (second.Status, second.Code));
        var release = await rig.PostAsync("mall-a", $"{V1}/orders/{order.Id}/release", null, Key());
        Assert.Equal("invalid-state", release.Code);
        var tooMuch = await rig.PostAsync("mall-a", $"{V1}/orders/{await CreateAsync(rig, "mall-a", "orders", 100)}/capture", new { points = 101 }, Key());
        Assert.Equal("capture-exceeds-reserved", tooMuch.Code);
        var tooLong = await rig.PostAsync("mall-a", $"{V1}/orders", new { householdId = BaiyunHousehold, points = 1, orderReference = "o-2", holdMinutes = 4_321 }, Key());
        Assert.Equal((HttpStatusCode.BadRequest, "body-invalid"), (tooLong.Status, tooLong.Code));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task A_reservation_expires_by_the_sweep_on_the_clock_and_its_points_come_back()
    {
        await using var rig = await StartAsync(o => o.ExpirySweepIntervalS = 10);
        rig.Credit(BaiyunHousehold, 1_000);
        var id = await CreateAsync(rig, "mall-a", "orders", 400, holdMinutes: 5);
        var early = await rig.GetAsync("mall-a", $"{V1}/orders/{id}");
        Assert.Equal("reserved", early.State);
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(async () => (await rig.GetAsync("mall-a", $"{V1}/orders/{id}")).State == "expired",
            () => rig.Time.Advance(TimeSpan.FromSeconds(10)));
        Assert.Equal((1_000, 0), (rig.Balance(Household), rig.Balance(Reserved)));
        Assert.True(rig.Metrics.Value("smartbin_redemption_expired_total") >= 1);
        var capture = await rig.PostAsync("mall-a", $"{V1}/orders/{id}/capture", null, Key());
        Assert.Equal((HttpStatusCode.Conflict, "reservation-expired"), (capture.Status, capture.Code));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task A_capture_after_the_hold_ended_is_refused_even_before_the_sweep_ran()
    {
        // A sweep once an hour: the capture itself must notice the lapse.
        await using var rig = await StartAsync(o => o.ExpirySweepIntervalS = 3_600);
        rig.Credit(BaiyunHousehold, 1_000);
        var payment = await CreateAsync(rig, "shop-a", "payments", 300);
        var order = await CreateAsync(rig, "mall-a", "orders", 200, holdMinutes: 20);
        rig.Time.Advance(TimeSpan.FromMinutes(15)); // the payment hold (15 min) ends; the order's (20) does not
        var late = await rig.PostAsync("shop-a", $"{V1}/payments/{payment}/capture", null, Key());
        Assert.Equal((HttpStatusCode.Conflict, "reservation-expired"), (late.Status, late.Code));
        Assert.Equal((800, 200), (rig.Balance(Household), rig.Balance(Reserved)));
        var inTime = await rig.PostAsync("mall-a", $"{V1}/orders/{order}/capture", null, Key());
        Assert.Equal("captured", inTime.State);
        Assert.Equal(0, rig.Balance(Reserved));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task A_bill_deduction_is_immediate_and_reversed_once_with_a_reversing_transfer()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var bill = await rig.PostAsync("card-a", $"{V1}/bill-deductions",
            new { cardUid = BaiyunCard, billType = "parking", partnerReference = "pk-77", points = 120 }, Key());
        Assert.Equal(("deducted", "parking"), (bill.State, bill.Json.GetProperty("billType").GetString()));
        Assert.Equal((880, 120), (rig.Balance(Household), rig.Balance("partner:card-a")));
        var reverse = await rig.PostAsync("card-a", $"{V1}/bill-deductions/{bill.Id}/reverse", null, Key());
        Assert.Equal("reversed", reverse.State);
        Assert.Equal((1_000, 0), (rig.Balance(Household), rig.Balance("partner:card-a")));
        Assert.Equal(1, rig.Scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'reversal' AND reverses_transfer_id IS NOT NULL AND reference = '" + bill.Id + "'"));
        var twice = await rig.PostAsync("card-a", $"{V1}/bill-deductions/{bill.Id}/reverse", null, Key());
        Assert.Equal("invalid-state", twice.Code);
        var badType = await rig.PostAsync("card-a", $"{V1}/bill-deductions",
            new { householdId = BaiyunHousehold, billType = "phone", partnerReference = "x", points = 1 }, Key());
        Assert.Equal((HttpStatusCode.BadRequest, "body-invalid"), (badType.Status, badType.Code));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task Carbon_points_are_never_spendable()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 50_000, LedgerUnits.GramsCo2e);
        var noPoints = await rig.PostAsync("shop-a", $"{V1}/payments", new { cardUid = BaiyunCard, points = 10, reference = "c-1" }, Key());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "insufficient-balance"), (noPoints.Status, noPoints.Code));
        var carbon = await rig.PostAsync("card-a", $"{V1}/bill-deductions",
            new { householdId = BaiyunHousehold, billType = "water", partnerReference = "c-2", points = 10, unit = "gco2e" }, Key());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "carbon-not-redeemable"), (carbon.Status, carbon.Code));
        Assert.Equal(50_000, rig.Store.Balance(Household, LedgerUnits.GramsCo2e));
        Assert.Equal(0, rig.Scalar("SELECT COUNT(*) FROM redemptions"));
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task A_second_live_redemption_with_the_same_reference_is_refused_as_a_double_charge()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var first = await rig.PostAsync("card-a", $"{V1}/bill-deductions", new { householdId = BaiyunHousehold, billType = "gas", partnerReference = "g-1", points = 10 }, Key());
        var second = await rig.PostAsync("card-a", $"{V1}/bill-deductions", new { householdId = BaiyunHousehold, billType = "gas", partnerReference = "g-1", points = 10 }, Key());
        Assert.Equal((HttpStatusCode.Conflict, RedemptionCodes.DuplicateReference), (second.Status, second.Code));
        await rig.PostAsync("card-a", $"{V1}/bill-deductions/{first.Id}/reverse", null, Key());
        var after = await rig.PostAsync("card-a", $"{V1}/bill-deductions", new { householdId = BaiyunHousehold, billType = "gas", partnerReference = "g-1", points = 10 }, Key());
        Assert.Equal(HttpStatusCode.Created, after.Status);
        Assert.Equal(990, rig.Balance(Household));
    }

    [Fact]
    public async Task Bad_bodies_get_specific_codes_and_are_counted()
    {
        await using var rig = await StartAsync();
        var cases = new (object Body, string Code)[]
        {
            ("not json", "body-invalid"),
            ("[1,2]", "body-invalid"),
            (new { cardUid = BaiyunCard, points = 10, reference = "r", tip = 1 }, "body-invalid"),
            (new { cardUid = BaiyunCard, points = 0, reference = "r" }, "points-invalid"),
            (new { cardUid = BaiyunCard, points = 1.5, reference = "r" }, "points-invalid"),
            (new { cardUid = BaiyunCard, points = 100_001, reference = "r" }, "points-invalid"),
            (new { cardUid = "XYZ", points = 10, reference = "r" }, "body-invalid"),
            (new { cardUid = BaiyunCard, points = 10 }, "body-invalid"),
        };
        foreach (var (body, code) in cases)
        {
            var answer = await rig.PostAsync("shop-a", $"{V1}/payments", body, Key());
            Assert.Equal((HttpStatusCode.BadRequest, code), (answer.Status, answer.Code));
            Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("detail").GetString()));
        }
        Assert.Equal(5, rig.Metrics.Value("smartbin_redemption_rejected_total", ("code", "body-invalid")));
        Assert.Equal(3, rig.Metrics.Value("smartbin_redemption_rejected_total", ("code", "points-invalid")));
    }
}
