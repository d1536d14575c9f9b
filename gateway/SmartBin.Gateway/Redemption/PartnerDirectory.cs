using System;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Redemption;

/// <summary>Result of registering a partner: the partner and its API key (shown once), or why not.</summary>
/// <param name="Partner">The partner, or null when refused.</param>
/// <param name="ApiKey">The full key <c>sbp_…</c>; never stored, so print it now.</param>
/// <param name="Error">Why it was refused, else empty.</param>
public sealed record PartnerRegistration(Partner? Partner, string ApiKey, string Error);

/// <summary>Who is calling: the partner, or the refusal code and how to fix it.</summary>
internal sealed record PartnerAuthentication(Partner? Partner, string Code, string Detail);

/// <summary>The <c>partners</c> table: registration, disabling, and key authentication (every call, no cache: a disable takes effect at once).</summary>
public sealed partial class PartnerDirectory(SqliteGatewayStore store, TimeProvider time)
{
    private const string Columns = "partner_id, kind, name, community_id, key_id, created_utc, disabled_utc";

    /// <summary>Registers a partner with a new API key. Refused when the id is malformed or taken, the kind or community unknown.</summary>
    public PartnerRegistration Add(string partnerId, string kind, string name, string? communityId)
    {
        if (partnerId is null || !PartnerIdPattern().IsMatch(partnerId))
        {
            return new PartnerRegistration(null, "", "partner id must be 2..32 of a-z, 0-9 and '-'");
        }
        if (!PartnerKinds.IsKind(kind))
        {
            return new PartnerRegistration(null, "", $"kind must be {PartnerKinds.Shop}, {PartnerKinds.Mall} or {PartnerKinds.CitizenCard}");
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            return new PartnerRegistration(null, "", "name must not be empty");
        }
        var (key, keyId, hash) = PartnerKeys.New();
        var now = time.GetUtcNow();
        return store.WriteTransaction(w =>
        {
            if (communityId is not null && Sql.ToLong(Scalar(w, "SELECT COUNT(*) FROM communities WHERE id = $p", communityId)) == 0)
            {
                return new PartnerRegistration(null, "", $"community '{communityId}' is not registered");
            }
            if (Sql.ToLong(Scalar(w, "SELECT COUNT(*) FROM partners WHERE partner_id = $p", partnerId)) > 0)
            {
                return new PartnerRegistration(null, "", $"partner '{partnerId}' exists");
            }
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO partners (partner_id, kind, name, community_id, key_id, key_hash, created_utc) VALUES ($i, $k, $n, $c, $ki, $h, $at)",
                ("$i", partnerId), ("$k", kind), ("$n", name), ("$c", communityId), ("$ki", keyId), ("$h", hash), ("$at", Sql.Utc(now)));
            return new PartnerRegistration(new Partner(partnerId, kind, name, communityId, keyId, now, null), key, "");
        }, r => r.Partner is not null);
    }

    /// <summary>Disables a partner: its key stops working at once; its redemptions stay. False for an unknown or already disabled partner.</summary>
    public bool Disable(string partnerId)
    {
        var at = Sql.Utc(time.GetUtcNow());
        return store.WriteTransaction(w => Sql.Execute(w.Connection, w.Transaction,
            "UPDATE partners SET disabled_utc = $at WHERE partner_id = $i AND disabled_utc IS NULL", ("$at", at), ("$i", partnerId)) == 1);
    }

    /// <summary>The partner with this id, or null.</summary>
    public Partner? Find(string partnerId) => Query($"SELECT {Columns}, key_hash FROM partners WHERE partner_id = $p", partnerId).Partner;

    /// <summary>Checks a presented key (the token after <c>Bearer</c>).</summary>
    internal PartnerAuthentication Authenticate(string? presentedKey)
    {
        if (!PartnerKeys.TryParse(presentedKey, out var keyId, out var secret))
        {
            return new PartnerAuthentication(null, RedemptionCodes.KeyMalformed,
                "Send 'Authorization: Bearer sbp_<12 hex>_<43 characters>', the key printed by 'SmartBin.Gateway partner add'.");
        }
        var (partner, hash) = Query($"SELECT {Columns}, key_hash FROM partners WHERE key_id = $p", keyId);
        // An unknown key id still costs one hash comparison, so timing does not tell key ids apart.
        var matches = PartnerKeys.Matches(secret, hash ?? new string('0', 64));
        if (partner is null || !matches)
        {
            return new PartnerAuthentication(null, RedemptionCodes.KeyInvalid, "The key is not known or its secret is wrong; ask the programme for your current key.");
        }
        if (partner.DisabledUtc is not null)
        {
            return new PartnerAuthentication(null, RedemptionCodes.PartnerDisabled, "This partner was disabled; ask the programme to enable it or issue a new partner.");
        }
        return new PartnerAuthentication(partner, "", "");
    }

    private (Partner? Partner, string? Hash) Query(string sql, string parameter)
    {
        using var connection = store.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return (null, null);
        }
        var partner = new Partner(r.GetString(0), r.GetString(1), r.GetString(2), Sql.NullableString(r, 3), r.GetString(4),
            Sql.ParseUtc(r.GetString(5)), r.IsDBNull(6) ? null : Sql.ParseUtc(r.GetString(6)));
        return (partner, r.GetString(7));
    }

    private static object? Scalar(Writer w, string sql, string parameter)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return command.ExecuteScalar();
    }

    [GeneratedRegex("^[a-z0-9-]{2,32}$")]
    private static partial Regex PartnerIdPattern();
}
