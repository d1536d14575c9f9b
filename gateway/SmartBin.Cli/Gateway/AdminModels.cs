using System.Collections.Generic;

namespace SmartBin.Cli.Gateway
{
    /// <summary>GET /whoami.</summary>
    internal sealed record WhoAmI(string Operator, string Role);

    /// <summary>Bin JSON of the admin API (ADMIN-API contract); the list view has no provisionings.</summary>
    internal sealed record AdminBin(string BinId, string Community, string Material, string? Label, bool Active, bool HasSecret,
        string? SecretIssuedUtc, string? LastSeenUtc, IReadOnlyList<ProvisioningRecord>? Provisionings, string? DisabledReason = null)
    {
        /// <summary>The secret column of a listing: when it was issued, "set" for one issued before that was recorded, or "none".</summary>
        public string SecretSummary => !HasSecret ? "none" : SecretIssuedUtc is null ? "set" : "issued " + Times.Short(SecretIssuedUtc);
    }

    /// <summary>Timestamps as people read them.</summary>
    internal static class Times
    {
        /// <summary>An ISO-8601 UTC timestamp cut to whole seconds (<c>2026-11-23T13:07:56Z</c>); anything else unchanged.</summary>
        public static string Short(string? utc)
        {
            if (utc is null)
            {
                return "never";
            }

            return System.DateTimeOffset.TryParse(utc, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out System.DateTimeOffset t)
                ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)
                : utc;
        }
    }

    /// <summary>GET /bins.</summary>
    internal sealed record BinList(IReadOnlyList<AdminBin> Bins);

    /// <summary>PUT /bins/{id} body.</summary>
    internal sealed record BinRegistration(string Community, string Material, string? Label);

    /// <summary>Broker address handed out with a secret.</summary>
    internal sealed record BrokerAddress(string Host, int Port, bool Tls, string? CaCertificatePem);

    /// <summary>POST /bins/{id}/secret.</summary>
    internal sealed record IssuedSecret(string BinId, string Secret, BrokerAddress Mqtt);

    /// <summary>Calibration part of a provisioning record.</summary>
    internal sealed record CalibrationRecord(int Version, long OffsetCounts, double CountsPerGram, long MaxErrorMilliE, int CheckGrams, long CheckErrorMilliE);

    /// <summary>Self-test part of a provisioning record.</summary>
    internal sealed record SelfTestRecord(bool Ok, string Scale, string Reader, string Distance, string Storage, string Mqtt);

    /// <summary>POST /bins/{id}/provisionings body, and the record the gateway returns (with operator and recordedUtc).</summary>
    internal sealed record ProvisioningRecord(string RecordId, string Firmware, string HardwareId, string StartedUtc, string FinishedUtc,
        CalibrationRecord Calibration, SelfTestRecord SelfTest, string? Operator = null, string? RecordedUtc = null);

    /// <summary>POST /cards body and reply.</summary>
    internal sealed record CardRegistration(string CardUid, string HouseholdId, string? Community = null,
        int ReleasedDropOffs = 0, long ReleasedPoints = 0, int HeldDropOffs = 0);

    /// <summary>A card in a household lookup.</summary>
    internal sealed record HouseholdCard(string CardUid, bool Active, string? RegisteredUtc);

    /// <summary>GET /households/{id}.</summary>
    internal sealed record Household(string HouseholdId, string Community, string? Label, IReadOnlyList<HouseholdCard> Cards);

    /// <summary>One recorded deactivation of a card: the household whose registration it ended, why, who and when.</summary>
    internal sealed record CardDeactivationRecord(string HouseholdId, string? Reason, string Operator, string DeactivatedUtc);

    /// <summary>GET /cards/{uid} and POST /cards/{uid}/deactivate: the card's registration and state; the deactivated* fields are null while it is active.</summary>
    internal sealed record CardState(string CardUid, string HouseholdId, string Community, bool Active, string? RegisteredUtc,
        string? DeactivatedUtc, string? DeactivatedBy, string? DeactivatedReason, IReadOnlyList<CardDeactivationRecord>? Deactivations);

    /// <summary>An application/problem+json error body.</summary>
    internal sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code);

    /// <summary>An API call's answer: its status code and body.</summary>
    internal sealed record AdminResult<T>(int Status, T Value)
    {
        public bool Created => Status == 201;
    }
}
