using System;
using System.Collections.Generic;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Registry writes (each its own transaction) and bin credentials.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Registers or updates a community.</summary>
    public StoreResult RegisterCommunity(CommunityRegistration c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!IsId(c.CommunityId) || c.Households < 0 || c.Population < 0 || c.TargetGrams < 0 || string.IsNullOrWhiteSpace(c.TimeZoneId))
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        return Write(w => UpsertCommunity(w, c));
    }

    /// <summary>
    /// Registers or updates a bin (its secret hash is kept). Refused <c>invalid-id</c> for an id the protocol cannot
    /// carry (<see cref="BinTopics.IsBinId"/>), <c>unknown-community</c> when its community is unknown.
    /// </summary>
    public StoreResult RegisterBin(BinRegistration b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return Write(w => UpsertBin(w, b), result => result.Ok);
    }

    /// <summary>Issues a new secret for a bin: stores only its <see cref="BinSecretHasher"/> hash and returns the clear secret once; null for an unknown bin.</summary>
    public string? IssueBinSecret(string binId)
    {
        var secret = BinSecretHasher.NewSecret();
        return SetBinSecretHash(binId, BinSecretHasher.Hash(secret)).Ok ? secret : null;
    }

    /// <summary>Sets a bin's secret hash (mosquitto <c>$7$</c> format).</summary>
    public StoreResult SetBinSecretHash(string binId, string secretHash)
    {
        if (string.IsNullOrEmpty(secretHash) || !secretHash.StartsWith("$7$", StringComparison.Ordinal))
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        return Write(w => Sql.Execute(w.Connection, w.Transaction, "UPDATE bins SET secret_hash = $h WHERE id = $b", ("$h", secretHash), ("$b", binId)) == 1
            ? StoreResult.Done
            : StoreResult.Fail(RegistryRefusals.UnknownBin));
    }

    /// <summary>Registers or relabels a household.</summary>
    public StoreResult RegisterHousehold(string householdId, string communityId, string label) =>
        Write(w => UpsertHousehold(w, householdId, communityId, label), result => result.Ok);

    /// <summary>Registers or renames a resident of a household.</summary>
    public StoreResult RegisterResident(string residentId, string householdId, string name)
    {
        if (!IsId(residentId) || name is null)
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        return Write(w =>
        {
            if (!w.HouseholdCommunities.ContainsKey(householdId ?? ""))
            {
                return StoreResult.Fail(RegistryRefusals.UnknownHousehold);
            }
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO residents (id, household_id, name) VALUES ($i, $h, $n) ON CONFLICT (id) DO UPDATE SET household_id = excluded.household_id, name = excluded.name",
                ("$i", residentId), ("$h", householdId), ("$n", name));
            return StoreResult.Done;
        }, result => result.Ok);
    }

    /// <summary>
    /// Registers card <paramref name="cardUid"/> (hex, stored upper case) to a household and, in the same
    /// transaction, releases the drop-offs parked in the card's suspense account into that household, in time order,
    /// as far as the household's daily caps allow (the rest is held <c>daily-cap</c> for staff). Refused
    /// <c>card-in-use</c> when the card is active for another household (deactivate it first).
    /// </summary>
    public CardRegistrationResult RegisterCard(string cardUid, string householdId)
    {
        var uid = (cardUid ?? "").ToUpperInvariant();
        if (!IsCardUid(uid))
        {
            return new CardRegistrationResult(false, RegistryRefusals.Invalid, 0, 0);
        }
        return Write(w =>
        {
            if (!w.HouseholdCommunities.ContainsKey(householdId ?? ""))
            {
                return new CardRegistrationResult(false, RegistryRefusals.UnknownHousehold, 0, 0);
            }
            if (w.CardHouseholds.TryGetValue(uid, out var current) && current != householdId)
            {
                return new CardRegistrationResult(false, RegistryRefusals.CardInUse, 0, 0);
            }
            UpsertCard(w, uid, householdId!);
            var (count, points, held) = ReleaseSuspense(w, uid, householdId!);
            return new CardRegistrationResult(true, "", count, points, held);
        }, result => result.Ok);
    }

    /// <inheritdoc />
    public BinCredential? Find(string binId)
    {
        var found = Credentials("WHERE id = $b AND", binId);
        return found.Count == 1 ? found[0] : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<BinCredential> All() => Credentials("WHERE", null);

    private List<BinCredential> Credentials(string where, string? binId)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, secret_hash FROM bins {where} active = 1 AND secret_hash <> '' ORDER BY id";
        if (binId is not null)
        {
            command.Parameters.AddWithValue("$b", binId);
        }
        using var reader = command.ExecuteReader();
        var credentials = new List<BinCredential>();
        while (reader.Read())
        {
            credentials.Add(new BinCredential(reader.GetString(0), reader.GetString(1)));
        }
        return credentials;
    }

    private static StoreResult UpsertCommunity(Writer w, CommunityRegistration c)
    {
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO communities (id, name, households, population, target_grams, time_zone) VALUES ($i, $n, $h, $p, $t, $z) " +
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, households = excluded.households, population = excluded.population, " +
            "target_grams = excluded.target_grams, time_zone = excluded.time_zone",
            ("$i", c.CommunityId), ("$n", c.Name), ("$h", c.Households), ("$p", c.Population), ("$t", c.TargetGrams), ("$z", c.TimeZoneId));
        return StoreResult.Done;
    }

    private static StoreResult UpsertBin(Writer w, BinRegistration b)
    {
        // The id is the MQTT client id and a topic level: one the protocol cannot carry could never connect.
        if (!BinTopics.IsBinId(b.BinId))
        {
            return StoreResult.Fail(RegistryRefusals.InvalidId);
        }
        if (!MaterialNames.TryParse(b.Material, out _) || b.CapacityGrams <= 0 ||
            b.FillAlertPct is < 1 or > 100 || b.Location is null || (b.LatitudeDeg is null) != (b.LongitudeDeg is null))
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        if (!CommunityExists(w, b.CommunityId))
        {
            return StoreResult.Fail(RegistryRefusals.UnknownCommunity);
        }
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO bins (id, community_id, material, location, lat, lon, capacity_grams, fill_alert_pct, active) " +
            "VALUES ($i, $c, $m, $l, $la, $lo, $cap, $f, $a) ON CONFLICT (id) DO UPDATE SET community_id = excluded.community_id, " +
            "material = excluded.material, location = excluded.location, lat = excluded.lat, lon = excluded.lon, " +
            "capacity_grams = excluded.capacity_grams, fill_alert_pct = excluded.fill_alert_pct, active = excluded.active",
            ("$i", b.BinId), ("$c", b.CommunityId), ("$m", b.Material), ("$l", b.Location), ("$la", b.LatitudeDeg),
            ("$lo", b.LongitudeDeg), ("$cap", b.CapacityGrams), ("$f", b.FillAlertPct), ("$a", b.Active ? 1 : 0));
        var info = Writer.ToBinInfo(b.BinId, b.CommunityId, b.Material, b.Location, b.LatitudeDeg, b.LongitudeDeg, b.Active);
        w.AfterCommit(() => w.Bins[info.BinId] = info);
        return StoreResult.Done;
    }

    private static StoreResult UpsertHousehold(Writer w, string householdId, string communityId, string label)
    {
        if (!IsId(householdId) || label is null)
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        if (!CommunityExists(w, communityId))
        {
            return StoreResult.Fail(RegistryRefusals.UnknownCommunity);
        }
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO households (id, community_id, label) VALUES ($i, $c, $l) ON CONFLICT (id) DO UPDATE SET community_id = excluded.community_id, label = excluded.label",
            ("$i", householdId), ("$c", communityId), ("$l", label));
        w.AfterCommit(() => w.HouseholdCommunities[householdId] = communityId);
        return StoreResult.Done;
    }

    private void UpsertCard(Writer w, string uid, string householdId)
    {
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO cards (uid, household_id, active, registered_utc) VALUES ($u, $h, 1, $at) " +
            "ON CONFLICT (uid) DO UPDATE SET household_id = excluded.household_id, active = 1, registered_utc = excluded.registered_utc",
            ("$u", uid), ("$h", householdId), ("$at", Sql.Utc(Now)));
        w.AfterCommit(() => w.CardHouseholds[uid] = householdId);
    }

    private static bool IsId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && id.Trim() == id && !id.Contains(':');

    /// <summary>Card UIDs are 4, 7 or 10 bytes as hex; accept any whole number of bytes up to 16.</summary>
    private static bool IsCardUid(string uid) =>
        uid.Length is >= 2 and <= 32 && uid.Length % 2 == 0 && uid.AsSpan().IndexOfAnyExcept("0123456789ABCDEF") < 0;

    private static bool CommunityExists(Writer w, string? communityId)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = "SELECT COUNT(*) FROM communities WHERE id = $c";
        command.Parameters.AddWithValue("$c", communityId ?? "");
        return Sql.ToLong(command.ExecuteScalar()) == 1;
    }
}
