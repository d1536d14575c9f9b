using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary><c>/staff/users</c> (admin policy): the staff accounts, read-only; an admin limited to one community sees that community's accounts.</summary>
public sealed class UsersModel(SqliteGatewayStore store) : StaffPageModel
{
    /// <summary>Accounts, by username.</summary>
    public IReadOnlyList<StaffUserRecord> Users { get; private set; } = [];

    /// <summary>Reads the accounts through the scope.</summary>
    public void OnGet() => Users = store.StaffUsers().Where(u => Scope.AllCommunities || u.CommunityId == Scope.CommunityId).ToList();
}
