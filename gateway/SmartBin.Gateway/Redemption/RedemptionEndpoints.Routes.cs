using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmartBin.Gateway.Redemption;

/// <summary>The routes of each partner kind.</summary>
public static partial class RedemptionEndpoints
{
    private static void MapShop(RouteGroupBuilder api)
    {
        const string kind = PartnerKinds.Shop, payment = RedemptionKinds.Payment;
        api.MapGet("/residents/by-card/{cardUid}", (HttpContext http, RedemptionService service, string cardUid) =>
                service.FindResident(CallerOf(http), cardUid.ToUpperInvariant()) is { } resident
                    ? Results.Json(resident)
                    : PartnerProblems.Create(http, StatusCodes.Status404NotFound, RedemptionCodes.CardUnknown,
                        $"Card {cardUid} is not an active card of a household you serve; ask the resident to register it at the community office."))
            .For(kind, "findResidentByCard", "Household and available points of a card (no names)")
            .Produces<ResidentView>();
        api.MapPost("/payments", (HttpContext http, RedemptionService service) =>
                RunAsync(http, ["cardUid", "points", "reference"], (r, _) =>
                {
                    var resident = r.Resident(householdAllowed: false);
                    var points = r.Points("points", true, service.Options.MaxPointsPerRedemption);
                    var reference = r.Text("reference", true);
                    return r.Failed ? null : new ReserveCommand(payment, resident!, points!.Value, reference!, service.Options.PaymentHoldMinutes);
                }, "payments"))
            .For(kind, "authorisePayment", "Authorise a points payment (reserves the points)").Post<CreatePaymentBody>(StatusCodes.Status201Created);
        api.MapGet("/payments/{id}", (HttpContext http, RedemptionService service, string id) => Get(http, service, payment, id))
            .For(kind, "getPayment", "A payment of yours").Produces<RedemptionView>();
        api.MapPost("/payments/{id}/capture", (HttpContext http, RedemptionService service, string id) =>
                RunAsync(http, ["points"], (r, _) =>
                    Action(r, payment, RedemptionAction.Capture, id, r.Points("points", false, service.Options.MaxPointsPerRedemption)), null))
            .For(kind, "capturePayment", "Capture an authorised payment (all, or fewer points)").Post<CaptureBody>(StatusCodes.Status200OK);
        api.MapPost("/payments/{id}/refund", (HttpContext http, RedemptionService service, string id) =>
                RunAsync(http, ["points"], (r, _) =>
                    Action(r, payment, RedemptionAction.Refund, id, r.Points("points", true, service.Options.MaxPointsPerRedemption)), null))
            .For(kind, "refundPayment", "Refund captured points (partial refunds add up to at most the capture)").Post<RefundBody>(StatusCodes.Status200OK);
        api.MapPost("/payments/{id}/void", (HttpContext http, string id) =>
                RunAsync(http, [], (r, _) => Action(r, payment, RedemptionAction.Release, id, null), null))
            .For(kind, "voidPayment", "Void an authorised payment (its points go back)").PostNoBody();
    }

    private static void MapMall(RouteGroupBuilder api)
    {
        const string kind = PartnerKinds.Mall, order = RedemptionKinds.Order;
        api.MapPost("/orders", (HttpContext http, RedemptionService service) =>
                RunAsync(http, ["cardUid", "householdId", "points", "orderReference", "holdMinutes"], (r, _) =>
                {
                    var o = service.Options;
                    var resident = r.Resident(householdAllowed: true);
                    var points = r.Points("points", true, o.MaxPointsPerRedemption);
                    var reference = r.Text("orderReference", true);
                    var hold = r.Int("holdMinutes", 1, o.OrderHoldMinutesMax) ?? o.OrderHoldMinutesDefault;
                    return r.Failed ? null : new ReserveCommand(order, resident!, points!.Value, reference!, hold);
                }, "orders"))
            .For(kind, "reserveOrder", "Place an order: reserve points (two-phase)").Post<CreateOrderBody>(StatusCodes.Status201Created);
        api.MapGet("/orders/{id}", (HttpContext http, RedemptionService service, string id) => Get(http, service, order, id))
            .For(kind, "getOrder", "An order of yours").Produces<RedemptionView>();
        api.MapPost("/orders/{id}/capture", (HttpContext http, RedemptionService service, string id) =>
                RunAsync(http, ["points"], (r, _) =>
                    Action(r, order, RedemptionAction.Capture, id, r.Points("points", false, service.Options.MaxPointsPerRedemption)), null))
            .For(kind, "captureOrder", "Capture a reserved order (all, or fewer points)").Post<CaptureBody>(StatusCodes.Status200OK);
        api.MapPost("/orders/{id}/release", (HttpContext http, string id) =>
                RunAsync(http, [], (r, _) => Action(r, order, RedemptionAction.Release, id, null), null))
            .For(kind, "releaseOrder", "Release a reserved order (its points go back)").PostNoBody();
    }

    private static void MapCitizenCard(RouteGroupBuilder api)
    {
        const string kind = PartnerKinds.CitizenCard, bill = RedemptionKinds.BillDeduction;
        api.MapPost("/bill-deductions", (HttpContext http, RedemptionService service) =>
                RunAsync(http, ["householdId", "cardUid", "billType", "partnerReference", "points"], (r, _) =>
                {
                    var resident = r.Resident(householdAllowed: true);
                    var billType = r.Text("billType", true);
                    if (billType is not null && !BillTypes.IsBillType(billType))
                    {
                        r.Fail(StatusCodes.Status400BadRequest, RedemptionCodes.BodyInvalid, $"'billType' must be one of {string.Join(", ", BillTypes.All)}.");
                    }
                    var reference = r.Text("partnerReference", true);
                    var points = r.Points("points", true, service.Options.MaxPointsPerRedemption);
                    return r.Failed ? null : new DeductCommand(resident!, points!.Value, billType!, reference!);
                }, "bill-deductions"))
            .For(kind, "deductBill", "Deduct points against a bill").Post<CreateBillDeductionBody>(StatusCodes.Status201Created);
        api.MapGet("/bill-deductions/{id}", (HttpContext http, RedemptionService service, string id) => Get(http, service, bill, id))
            .For(kind, "getBillDeduction", "A bill deduction of yours").Produces<RedemptionView>();
        api.MapPost("/bill-deductions/{id}/reverse", (HttpContext http, string id) =>
                RunAsync(http, [], (r, _) => Action(r, bill, RedemptionAction.Reverse, id, null), null))
            .For(kind, "reverseBillDeduction", "Reverse a bill deduction (all its points go back)").PostNoBody();
    }
}
