using System.Collections.Generic;

namespace SmartBin.Cli.Gateway
{
    /// <summary>GET /whoami.</summary>
    internal sealed record WhoAmI(string Operator, string Role);

    /// <summary>Bin JSON of the admin API (ADMIN-API contract); the list view has no provisionings.</summary>
    internal sealed record AdminBin(string BinId, string Community, string Material, string? Label, bool Active, bool HasSecret,
        string? SecretIssuedUtc, string? LastSeenUtc, IReadOnlyList<ProvisioningRecord>? Provisionings);

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
    internal sealed record CardRegistration(string CardUid, string HouseholdId, string? Community = null);

    /// <summary>GET /households/{id}.</summary>
    internal sealed record Household(string HouseholdId, string Community, string? Label, IReadOnlyList<string> Cards);

    /// <summary>An application/problem+json error body.</summary>
    internal sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code);

    /// <summary>An API call's answer: its status code and body.</summary>
    internal sealed record AdminResult<T>(int Status, T Value)
    {
        public bool Created => Status == 201;
    }
}
