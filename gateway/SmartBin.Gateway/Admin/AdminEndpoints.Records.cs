using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Admin;

/// <summary>Provisioning records and households.</summary>
public static partial class AdminEndpoints
{
    private static readonly string[] CalibrationNumbers = ["version", "offsetCounts", "countsPerGram", "maxErrorMilliE", "checkGrams", "checkErrorMilliE"];

    private static async Task<IResult> AddProvisioningAsync(string binId, HttpContext context, SqliteGatewayStore store)
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
        var recordId = AdminJson.Text(json, "recordId", required: true, ref problem);
        AdminJson.Text(json, "firmware", required: true, ref problem);
        AdminJson.Text(json, "hardwareId", required: true, ref problem);
        foreach (var field in new[] { "startedUtc", "finishedUtc" })
        {
            var at = AdminJson.Text(json, field, required: true, ref problem);
            if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                problem = AdminJson.Bad($"field '{field}' = '{at}' is not an ISO 8601 time, e.g. 2026-03-01T08:15:00Z");
            }
        }
        problem ??= CheckProvisioningParts(json);
        if (problem is not null)
        {
            return problem;
        }
        if (!Guid.TryParse(recordId, out var guid))
        {
            return AdminJson.Bad($"field 'recordId' = '{recordId}' is not a UUID; generate one per provisioning run and keep it for retries");
        }
        // The record id is stored in one spelling, so a retry that changes its case is the same record.
        var canonical = AdminJson.Canonical(WithRecordId(json, guid.ToString("D")));
        var (outcome, row) = store.AddProvisioning(guid.ToString("D"), binId, AdminAuthentication.Caller(context).Name, canonical);
        return outcome switch
        {
            ProvisioningOutcome.Created => Results.Json(AdminViews.Record(row!), statusCode: StatusCodes.Status201Created),
            ProvisioningOutcome.Existing => Results.Json(AdminViews.Record(row!)),
            ProvisioningOutcome.UnknownBin => BinUnknown(binId),
            _ => AdminProblems.Result(AdminProblems.RecordConflict,
                $"record '{guid:D}' is already stored for bin '{row!.BinId}' with a different body (recorded {row.RecordedUtc.UtcDateTime:O}); " +
                "a new provisioning run needs a new recordId"),
        };
    }

    private static IResult? CheckProvisioningParts(JsonElement json)
    {
        if (!json.TryGetProperty("calibration", out var calibration) || calibration.ValueKind != JsonValueKind.Object)
        {
            return AdminJson.Bad("field 'calibration' is required (an object: version, offsetCounts, countsPerGram, maxErrorMilliE, checkGrams, checkErrorMilliE)");
        }
        foreach (var name in CalibrationNumbers)
        {
            if (!calibration.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
            {
                return AdminJson.Bad($"field 'calibration.{name}' is required (a number)");
            }
        }
        if (!json.TryGetProperty("selfTest", out var selfTest) || selfTest.ValueKind != JsonValueKind.Object)
        {
            return AdminJson.Bad("field 'selfTest' is required (an object with 'ok' and one status per part)");
        }
        if (!selfTest.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return AdminJson.Bad("field 'selfTest.ok' is required (true or false)");
        }
        return null;
    }

    private static JsonElement WithRecordId(JsonElement json, string recordId)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json.GetRawText())!.AsObject();
        node["recordId"] = recordId;
        return JsonSerializer.SerializeToElement(node);
    }

    private static IResult GetHousehold(string householdId, SqliteGatewayStore store) =>
        store.FindHousehold(householdId) is { } household ? Results.Json(AdminViews.Household(household)) : HouseholdUnknown(householdId);

    private static IResult HouseholdUnknown(string householdId) => AdminProblems.Result(AdminProblems.HouseholdUnknown,
        $"no household '{Mqtt.EmbeddedBroker.Printable(householdId)}' is registered; check the id on the resident's registration form");
}
