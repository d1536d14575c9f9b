using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway.Admin;

/// <summary>The admin API endpoints (docs/admin-api.md), under <see cref="BasePath"/>.</summary>
public static partial class AdminEndpoints
{
    /// <summary>Base path of every admin endpoint.</summary>
    public const string BasePath = "/api/admin/v1";

    /// <summary>Adds the key check (before the endpoints run) and maps every admin endpoint, each with <see cref="AdminAccess"/>.</summary>
    public static WebApplication MapSmartBinAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<AdminAuthentication>();
        var api = app.MapGroup(BasePath);
        api.AddEndpointFilter(async (ctx, next) =>
        {
            ctx.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(ctx);
        });
        var staff = new AdminAccess(StaffAllowed: true);
        var admin = new AdminAccess(StaffAllowed: false);
        api.MapGet("/whoami", WhoAmI).WithMetadata(staff);
        api.MapGet("/bins", ListBins).WithMetadata(staff);
        api.MapGet("/bins/{binId}", GetBin).WithMetadata(staff);
        api.MapPut("/bins/{binId}", PutBinAsync).WithMetadata(admin);
        api.MapPost("/bins/{binId}/secret", IssueSecretAsync).WithMetadata(admin);
        api.MapPost("/bins/{binId}/disable", DisableAsync).WithMetadata(admin);
        api.MapPost("/bins/{binId}/enable", EnableAsync).WithMetadata(admin);
        api.MapPost("/bins/{binId}/provisionings", AddProvisioningAsync).WithMetadata(admin);
        api.MapPost("/cards", RegisterCardAsync).WithMetadata(staff);
        api.MapGet("/cards/{cardUid}", GetCard).WithMetadata(staff);
        api.MapPost("/cards/{cardUid}/deactivate", DeactivateCardAsync).WithMetadata(staff);
        api.MapGet("/households/{householdId}", GetHousehold).WithMetadata(admin);
        return app;
    }

    private static IResult WhoAmI(HttpContext context)
    {
        var caller = AdminAuthentication.Caller(context);
        return Results.Json(new { @operator = caller.Name, role = caller.Role });
    }

    private static IResult ListBins(HttpContext context, SqliteGatewayStore store)
    {
        var community = context.Request.Query["community"].ToString();
        if (community.Length > 0 && UnknownCommunity(store, community) is { } problem)
        {
            return problem;
        }
        var live = context.RequestServices.GetService<BinLiveState>();
        var bins = store.AdminBins(community.Length > 0 ? community : null).Select(b => AdminViews.Bin(b, live, null)).ToList();
        return Results.Json(new { bins });
    }

    private static IResult GetBin(string binId, HttpContext context, SqliteGatewayStore store)
    {
        if (BadBinId(binId) is { } bad)
        {
            return bad;
        }
        return store.FindAdminBin(binId) is { } bin ? Results.Json(FullView(context, store, bin)) : BinUnknown(binId);
    }

    private static async Task<IResult> PutBinAsync(string binId, HttpContext context, SqliteGatewayStore store)
    {
        if (BadBinId(binId) is { } bad)
        {
            return bad;
        }
        var (body, problem) = await AdminJson.ReadObjectAsync(context);
        if (body is not { } json)
        {
            return problem!;
        }
        var community = AdminJson.Text(json, "community", required: true, ref problem);
        var material = AdminJson.Text(json, "material", required: true, ref problem);
        var label = AdminJson.Text(json, "label", required: false, ref problem);
        if (problem is not null)
        {
            return problem;
        }
        if (!MaterialNames.TryParse(material, out _))
        {
            return AdminJson.Bad($"field 'material' = '{material}' is not a material; use one of {string.Join(", ", MaterialNames.All.Select(MaterialNames.ToWire))}");
        }
        var (outcome, bin) = store.PutBin(binId, community!, material!, label);
        switch (outcome)
        {
            case PutBinOutcome.UnknownCommunity:
                return UnknownCommunity(store, community!)!;
            case PutBinOutcome.Conflict:
                return AdminProblems.Result(AdminProblems.BinConflict,
                    $"bin '{binId}' is registered for community '{bin!.Community}', material '{bin.Material}' (asked: '{community}', '{material}'); " +
                    "use another bin id, or repeat with the registered values");
            case PutBinOutcome.Created:
                return Results.Json(FullView(context, store, bin!), statusCode: StatusCodes.Status201Created);
            default:
                return Results.Json(FullView(context, store, bin!));
        }
    }

    private static BinView FullView(HttpContext context, SqliteGatewayStore store, AdminBin bin) =>
        AdminViews.Bin(bin, context.RequestServices.GetService<BinLiveState>(), store.Provisionings(bin.BinId));

    private static IResult? BadBinId(string binId) => BinTopics.IsBinId(binId)
        ? null
        : AdminJson.Bad($"binId '{EmbeddedBroker.Printable(binId)}' is not a bin id: 3 to 32 characters of a-z, 0-9 and '-' (as the firmware requires)");

    private static IResult BinUnknown(string binId) => AdminProblems.Result(AdminProblems.BinUnknown,
        $"no bin '{binId}' is registered; register it first with PUT {BasePath}/bins/{binId}, or check the id (GET {BasePath}/bins)");

    private static IResult? UnknownCommunity(SqliteGatewayStore store, string community)
    {
        var known = store.Communities().Select(c => c.CommunityId).ToList();
        return known.Contains(community, StringComparer.Ordinal)
            ? null
            : AdminJson.Bad($"field 'community' = '{EmbeddedBroker.Printable(community)}' is not a registered community; use one of {string.Join(", ", known)}");
    }
}
