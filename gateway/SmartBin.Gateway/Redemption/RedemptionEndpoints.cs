using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Redemption;

/// <summary>Maps the partner API under <see cref="Prefix"/> and its OpenAPI description.</summary>
public static partial class RedemptionEndpoints
{
    /// <summary>Path prefix of every partner endpoint.</summary>
    public const string Prefix = "/api/partner/v1";

    /// <summary>OpenAPI document name, served at <c>/openapi/partner-v1.json</c>.</summary>
    public const string DocumentName = "partner-v1";

    /// <summary>Counter of business outcomes, by operation and result (the new state, or the refusal code).</summary>
    public const string OperationsMetric = "smartbin_redemption_operations_total";

    /// <summary>Maps every partner endpoint (authenticated by <see cref="PartnerAuthFilter"/>) and <c>/openapi/{documentName}.json</c>.</summary>
    public static WebApplication MapSmartBinRedemption(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Prefix).WithGroupName(DocumentName).AddEndpointFilter<PartnerAuthFilter>();
        MapShop(api);
        MapMall(api);
        MapCitizenCard(api);
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    private static RouteHandlerBuilder For(this RouteHandlerBuilder endpoint, string kind, string operationId, string summary) => endpoint
        .WithMetadata(new PartnerKindRequirement(kind))
        .WithTags(kind)
        .WithName(operationId)
        .WithSummary(summary)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The metadata of a POST: problem responses for bad input, conflicts and refusals.</summary>
    private static RouteHandlerBuilder Post<TBody>(this RouteHandlerBuilder endpoint, int okStatus) where TBody : notnull => endpoint
        // Not Accepts<T>(): its content-type matcher would answer a bare 415 before authentication runs.
        .WithMetadata(new PartnerRequestBody(typeof(TBody)))
        .Produces<RedemptionView>(okStatus)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static RouteHandlerBuilder PostNoBody(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<RedemptionView>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static Partner CallerOf(HttpContext http) =>
        http.Items[typeof(Partner)] as Partner ?? throw new InvalidOperationException("partner endpoint reached without authentication");

    /// <summary>Reads the request, builds the command, runs it once per key and answers.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, string[] fields, Func<PartnerRequest, Partner, RedemptionCommand?> build, string? createdPath)
    {
        var partner = CallerOf(http);
        var request = await PartnerRequest.ReadAsync(http.Request, fields);
        var command = request.Failed ? null : build(request, partner);
        if (command is null || request.Failed)
        {
            return PartnerProblems.Create(http, request.Status, request.Code, request.Detail);
        }
        // Not cancelled with the request: once queued, the call runs, so a client that gave up can retry with its key and get the answer.
        var outcome = await http.RequestServices.GetRequiredService<RedemptionService>().ExecuteAsync(partner, request.Key, command, CancellationToken.None);
        var metrics = http.RequestServices.GetRequiredService<GatewayMetrics>();
        if (outcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            metrics.Increment("smartbin_redemption_replayed_total", "Partner calls answered from the remembered first answer (retries).", 1,
                ("operation", command.Operation));
        }
        else
        {
            metrics.Increment(OperationsMetric, "Partner redemption calls by operation and result (new state or refusal code).", 1,
                ("operation", command.Operation), ("result", outcome.View?.State ?? outcome.Code));
        }
        if (!outcome.Ok || outcome.View is not { } view)
        {
            return PartnerProblems.Create(http, outcome.Status, outcome.Code, outcome.Detail);
        }
        return outcome.Status == StatusCodes.Status201Created && createdPath is not null
            ? Results.Created($"{Prefix}/{createdPath}/{view.Id}", view)
            : Results.Json(view, statusCode: outcome.Status);
    }

    private static ActionCommand? Action(PartnerRequest r, string kind, RedemptionAction action, string id, long? points) =>
        r.Failed ? null : new ActionCommand(kind, action, id, points);

    private static IResult Get(HttpContext http, RedemptionService service, string kind, string id) =>
        service.Find(CallerOf(http), kind, id) is { } view
            ? Results.Json(view)
            : PartnerProblems.Create(http, StatusCodes.Status404NotFound, RedemptionCodes.RedemptionUnknown,
                $"No {kind} '{id}' of yours: use the id returned when you created it.");
}
