using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Events;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using Role = TicketTracking.Auth.Domain.Role;

namespace TicketTracking.Auth.Grpc;

public sealed class RoleGrpcService(AuthDbContext db, AuditTrail audit, EventOutbox events, TimeProvider clock) : RoleService.RoleServiceBase
{
    public override Task<ListPermissionsResponse> ListPermissions(ListPermissionsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListPermissionsResponse
        {
            Permissions = { Permissions.All.Select(p => new Permission { Name = p.Name, Description = p.Description }) },
        });

    public override async Task<ListRolesResponse> ListRoles(ListRolesRequest request, ServerCallContext context)
    {
        var all = await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(context.CancellationToken);
        var counts = await MemberCountsAsync(context.CancellationToken);
        return new ListRolesResponse { Roles = { all.Select(r => ToProto(r, counts.GetValueOrDefault(r.Id))) } };
    }

    public override async Task<GetRoleResponse> GetRole(GetRoleRequest request, ServerCallContext context)
    {
        var role = await FindAsync(request.Id, "id", context.CancellationToken);
        return new GetRoleResponse { Role = await ToProtoAsync(role, context.CancellationToken) };
    }

    public override async Task<CreateRoleResponse> CreateRole(CreateRoleRequest request, ServerCallContext context)
    {
        Check(request.Name, request.Description, request.Permissions);
        var ct = context.CancellationToken;
        await RequireUniqueNameAsync(request.Name, except: null, ct);
        var role = Role.Create(request.Name, request.Description, request.Permissions, request.RequireTwoFactor, clock.UtcNowForDatabase());
        db.Roles.Add(role);
        audit.Record(context, "role.created", true, "role", role.Id.ToString(), new() { ["name"] = role.Name, ["permissions"] = string.Join(",", role.Permissions) });
        await db.SaveChangesAsync(ct);
        return new CreateRoleResponse { Role = ToProto(role, 0) };
    }

    public override async Task<UpdateRoleResponse> UpdateRole(UpdateRoleRequest request, ServerCallContext context)
    {
        Check(request.Name, request.Description, request.Permissions);
        var ct = context.CancellationToken;
        var role = await FindAsync(request.Id, "id", ct);
        GrpcErrors.ExpectVersion(role.Version, request.ExpectedVersion, "The role");
        await RequireUniqueNameAsync(request.Name, except: role.Id, ct);
        role.Update(request.Name, request.Description, request.Permissions, request.RequireTwoFactor, clock.UtcNowForDatabase());
        audit.Record(context, "role.updated", true, "role", role.Id.ToString(), new()
        {
            ["name"] = role.Name,
            ["permissions"] = string.Join(",", role.Permissions),
            ["require_two_factor"] = role.RequireTwoFactor.ToString(),
        });
        await db.SaveChangesAsync(ct);
        return new UpdateRoleResponse { Role = await ToProtoAsync(role, ct) };
    }

    public override async Task<DeleteRoleResponse> DeleteRole(DeleteRoleRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var role = await FindAsync(request.Id, "id", ct);
        GrpcErrors.ExpectVersion(role.Version, request.ExpectedVersion, "The role");
        if (role.BuiltIn)
            throw GrpcErrors.FailedPrecondition("id", $"'{role.Name}' is a built-in role and cannot be deleted.", "BUILT_IN_ROLE");
        var now = clock.UtcNowForDatabase();
        foreach (var member in await db.Users.Where(u => u.RoleIds.Contains(role.Id)).ToListAsync(ct))
            member.RemoveRole(role.Id, now);
        foreach (var account in await db.ServiceAccounts.Where(a => a.RoleIds.Contains(role.Id)).ToListAsync(ct))
            account.Update(account.Name, account.Description, account.RoleIds.Where(id => id != role.Id), account.Active);
        db.Roles.Remove(role);
        events.Stage(db, AuthEvents.RoleMembershipChanged(role, RoleMembershipChange.RoleDeleted, null, [], context.GetCaller().Id, now), role.Id.ToString());
        audit.Record(context, "role.deleted", true, "role", role.Id.ToString(), new() { ["name"] = role.Name });
        await db.SaveChangesAsync(ct);
        return new DeleteRoleResponse();
    }

    public override async Task<AddRoleMemberResponse> AddRoleMember(AddRoleMemberRequest request, ServerCallContext context) =>
        new() { Role = await ChangeMembershipAsync(request.RoleId, request.UserId, RoleMembershipChange.Added, context) };

    public override async Task<RemoveRoleMemberResponse> RemoveRoleMember(RemoveRoleMemberRequest request, ServerCallContext context) =>
        new() { Role = await ChangeMembershipAsync(request.RoleId, request.UserId, RoleMembershipChange.Removed, context) };

    private async Task<Protos.Auth.V1.Role> ChangeMembershipAsync(string roleId, string userId, RoleMembershipChange change, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        new FieldViolations().Uuid("role_id", roleId).Uuid("user_id", userId).ThrowIfAny();
        var role = await FindAsync(roleId, "role_id", ct);
        var id = Guid.Parse(userId);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw GrpcErrors.NotFound("User", userId);
        var now = clock.UtcNowForDatabase();
        if (change == RoleMembershipChange.Added)
            user.AddRole(role.Id, now);
        else
        {
            if (role.Id == BuiltInRoles.AdminId && context.GetCaller().IsUser(user.Id))
                throw GrpcErrors.FailedPrecondition("user_id", "You cannot take the Admin role from yourself.", "SELF_DEMOTION");
            user.RemoveRole(role.Id, now);
        }
        // The member list after this change: the others as stored, this user as just changed.
        var members = await db.Users.Where(u => u.RoleIds.Contains(role.Id) && u.Id != user.Id).Select(u => u.Id).ToListAsync(ct);
        if (change == RoleMembershipChange.Added)
            members.Add(user.Id);
        events.Stage(db, AuthEvents.RoleMembershipChanged(role, change, user.Id, members, context.GetCaller().Id, now), role.Id.ToString());
        audit.Record(context, change == RoleMembershipChange.Added ? "role.member_added" : "role.member_removed", true, "role", role.Id.ToString(),
            new() { ["user_id"] = user.Id.ToString(), ["role"] = role.Name });
        await db.SaveChangesAsync(ct);
        return ToProto(role, members.Count);
    }

    public override async Task<ListRoleMembersResponse> ListRoleMembers(ListRoleMembersRequest request, ServerCallContext context)
    {
        var role = await FindAsync(request.RoleId, "role_id", context.CancellationToken);
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var fetched = await db.Users.AsNoTracking()
            .Where(u => u.RoleIds.Contains(role.Id) && (after == null || u.Id > after))
            .Where(u => !request.ActiveOnly || u.Status == Domain.UserStatus.Approved)
            .OrderBy(u => u.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (page, next) = Paging.Split(fetched, pageSize, u => u.Id);
        return new ListRoleMembersResponse { Members = { page.Select(u => u.ToSummary()) }, NextPageToken = next };
    }

    private static void Check(string name, string description, IEnumerable<string> permissions)
    {
        var violations = new FieldViolations()
            .Required("name", name)
            .MaxLength("name", name, Role.MaxNameLength)
            .MaxLength("description", description, Role.MaxDescriptionLength);
        foreach (var unknown in permissions.Where(p => !Permissions.Exists(p)))
            violations.Add("permissions", $"'{unknown}' is not a permission (see ListPermissions).");
        violations.ThrowIfAny();
    }

    private async Task RequireUniqueNameAsync(string name, Guid? except, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.Roles.AnyAsync(r => EF.Functions.Collate(r.Name, AuthDbContext.CaseInsensitive) == trimmed && r.Id != except, ct))
            throw GrpcErrors.AlreadyExists($"A role named '{name.Trim()}' already exists.");
    }

    private async Task<Role> FindAsync(string id, string field, CancellationToken ct)
    {
        new FieldViolations().Uuid(field, id).ThrowIfAny();
        var guid = Guid.Parse(id);
        return await db.Roles.FirstOrDefaultAsync(r => r.Id == guid, ct) ?? throw GrpcErrors.NotFound("Role", id);
    }

    private async Task<Dictionary<Guid, int>> MemberCountsAsync(CancellationToken ct) =>
        await db.Database.SqlQuery<RoleCount>($"SELECT unnest(role_ids) AS role_id, count(*)::int AS members FROM users GROUP BY 1")
            .ToDictionaryAsync(c => c.RoleId, c => c.Members, ct);

    private async Task<Protos.Auth.V1.Role> ToProtoAsync(Role role, CancellationToken ct) =>
        ToProto(role, await db.Users.CountAsync(u => u.RoleIds.Contains(role.Id), ct));

    private sealed record RoleCount(Guid RoleId, int Members);

    private static Protos.Auth.V1.Role ToProto(Role role, int memberCount) => new()
    {
        Id = role.Id.ToString(),
        Name = role.Name,
        Description = role.Description,
        Permissions = { role.Permissions },
        BuiltIn = role.BuiltIn,
        RequireTwoFactor = role.RequireTwoFactor,
        MemberCount = memberCount,
        CreatedAt = Timestamp.FromDateTimeOffset(role.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(role.UpdatedAt),
        Version = role.Version,
    };
}
