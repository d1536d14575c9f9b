using System;
using System.Collections.Generic;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Staff accounts of the dashboard (migration 5, table <c>staff_users</c>).</summary>
public sealed partial class SqliteGatewayStore
{
    private const string StaffColumns = "username, display_name, role, community_id, password_hash, created_utc, disabled_utc";

    /// <summary>Adds a staff account; refuses (nothing written) a taken username or an unknown community.</summary>
    public AddStaffOutcome AddStaffUser(StaffUserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role is not ("staff" or "admin") || user.PasswordHash.Length == 0)
        {
            throw new ArgumentException("a staff account needs the role staff or admin and a password hash", nameof(user));
        }
        return Write(w =>
        {
            if (Sql.ToLong(Scalar(w, "SELECT COUNT(*) FROM staff_users WHERE username = $u", ("$u", user.Username))) > 0)
            {
                return AddStaffOutcome.UsernameTaken;
            }
            if (user.CommunityId is { } community && Sql.ToLong(Scalar(w, "SELECT COUNT(*) FROM communities WHERE id = $c", ("$c", community))) == 0)
            {
                return AddStaffOutcome.UnknownCommunity;
            }
            Sql.Execute(w.Connection, w.Transaction,
                $"INSERT INTO staff_users ({StaffColumns}) VALUES ($u, $d, $r, $c, $h, $at, NULL)",
                ("$u", user.Username), ("$d", user.DisplayName), ("$r", user.Role), ("$c", user.CommunityId),
                ("$h", user.PasswordHash), ("$at", Sql.Utc(user.CreatedUtc)));
            return AddStaffOutcome.Added;
        });
    }

    /// <summary>Disables a staff account (their next request is signed out); false when unknown or already disabled.</summary>
    public bool DisableStaffUser(string username) =>
        Write(w => Sql.Execute(w.Connection, w.Transaction,
            "UPDATE staff_users SET disabled_utc = $at WHERE username = $u AND disabled_utc IS NULL", ("$at", Sql.Utc(Now)), ("$u", username)) == 1);

    /// <summary>The account named <paramref name="username"/> (disabled ones included), or null.</summary>
    public StaffUserRecord? FindStaffUser(string username) =>
        Query($"SELECT {StaffColumns} FROM staff_users WHERE username = $p", username, ReadStaffUser) is [var user] ? user : null;

    /// <summary>Every staff account, by username.</summary>
    public IReadOnlyList<StaffUserRecord> StaffUsers() => Query($"SELECT {StaffColumns} FROM staff_users ORDER BY username", null, ReadStaffUser);

    private static StaffUserRecord ReadStaffUser(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Sql.NullableString(r, 3), r.GetString(4), Sql.ParseUtc(r.GetString(5)),
        Sql.NullableString(r, 6) is { } disabled ? Sql.ParseUtc(disabled) : null);
}
