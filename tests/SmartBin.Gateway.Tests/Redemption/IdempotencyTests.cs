using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;
using static SmartBin.Gateway.Tests.Redemption.Scenarios;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>Every partner POST is idempotent by its Idempotency-Key, over real HTTP.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task The_scenario_table_covers_every_mapped_POST()
    {
        await using var rig = await StartAsync();
        var posts = rig.PartnerRoutes().Where(r => r.Method == "POST").Select(r => r.Pattern).ToHashSet();
        Assert.Equal(posts.Order(), Posts.Keys.Order());
    }

    [Fact]
    public async Task Every_POST_retried_with_the_same_key_answers_the_same_and_books_nothing_more()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 100_000);
        foreach (var (route, prepare) in Posts)
        {
            var post = await prepare(rig);
            var key = Key();
            var first = await rig.PostAsync(post.Partner, post.Path, post.Body, key);
            Assert.True(first.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"{route}: {first.Status} {first.Json}");
            Assert.False(first.Replayed);
            var (transfers, rows) = (rig.TransferCount, rig.Scalar("SELECT COUNT(*) FROM redemptions"));

            var retry = await rig.PostAsync(post.Partner, post.Path, post.Body, key);
            Assert.Equal(first.Status, retry.Status);
            Assert.Equal(first.Json.GetRawText(), retry.Json.GetRawText());
            Assert.True(retry.Replayed, route);
            Assert.Equal((transfers, rows), (rig.TransferCount, rig.Scalar("SELECT COUNT(*) FROM redemptions")));

            var other = await rig.PostAsync(post.Partner, post.OtherPath, post.OtherBody, key);
            Assert.Equal(HttpStatusCode.Conflict, other.Status);
            Assert.Equal("idempotency-conflict", other.Code);
            Assert.Equal(transfers, rig.TransferCount);
        }
        rig.AssertLedgerInvariants();
    }

    [Fact]
    public async Task The_same_request_sent_concurrently_with_one_key_books_once()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var key = Key();
        var body = new { cardUid = BaiyunCard, points = 300, reference = Ref() };
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => rig.PostAsync("shop-a", "/api/partner/v1/payments", body, key)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(19, answers.Count(a => a.Replayed));
        Assert.Equal(700, rig.Balance("household:" + BaiyunHousehold));
    }

    [Fact]
    public async Task A_refusal_is_remembered_too_so_a_retry_never_charges_later()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 50);
        var key = Key();
        var body = new { cardUid = BaiyunCard, points = 80, reference = Ref() };
        var refused = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, key);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "insufficient-balance"), (refused.Status, refused.Code));
        rig.Credit(BaiyunHousehold, 100);
        var retry = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, key);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "insufficient-balance"), (retry.Status, retry.Code));
        Assert.True(retry.Replayed);
        var fresh = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, Key());
        Assert.Equal(HttpStatusCode.Created, fresh.Status);
    }

    [Fact]
    public async Task Keys_are_per_partner_and_required_and_well_formed()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var body = new { cardUid = BaiyunCard, points = 10, reference = "same-ref" };
        var missing = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, null);
        Assert.Equal((HttpStatusCode.BadRequest, "idempotency-key-missing"), (missing.Status, missing.Code));
        var bad = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, "has:colon");
        Assert.Equal((HttpStatusCode.BadRequest, "idempotency-key-invalid"), (bad.Status, bad.Code));
        Assert.Equal(0, rig.Scalar("SELECT COUNT(*) FROM redemptions"));

        // Two partners may use the same key value: each gets its own payment.
        var a = await rig.PostAsync("shop-a", "/api/partner/v1/payments", body, "order-1");
        var b = await rig.PostAsync("shop-b", "/api/partner/v1/payments", body, "order-1");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (a.Status, b.Status));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, rig.Metrics.Value("smartbin_redemption_rejected_total", ("code", "idempotency-key-missing")) +
                        rig.Metrics.Value("smartbin_redemption_rejected_total", ("code", "idempotency-key-invalid")));
    }

    [Fact]
    public async Task Field_order_and_spacing_do_not_make_a_retry_a_different_request()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 1_000);
        var key = Key();
        var first = await rig.PostAsync("shop-a", "/api/partner/v1/payments", $$"""{"cardUid":"{{BaiyunCard}}","points":10,"reference":"r-9"}""", key);
        var retry = await rig.PostAsync("shop-a", "/api/partner/v1/payments", $$"""{ "reference": "r-9", "points": 10, "cardUid": "{{BaiyunCard.ToLowerInvariant()}}" }""", key);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Id, retry.Id);
    }
}
