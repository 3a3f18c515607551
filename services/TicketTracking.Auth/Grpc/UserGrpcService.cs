using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Events;
using TicketTracking.Auth.Security;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Grpc;

public sealed class UserGrpcService(
    AuthDbContext db, RoleDirectory roles, PasswordPolicy passwords, SessionIssuer sessions, AbuseGuard guard, AuditTrail audit,
    EventOutbox events, IOptions<AuthOptions> options, TimeProvider clock)
    : UserService.UserServiceBase
{
    private const int MaxBatch = 100;

    public override async Task<RegisterUserResponse> RegisterUser(RegisterUserRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations()
            .Email("email", request.Email)
            .PersonName("first_name", request.FirstName)
            .PersonName("last_name", request.LastName)
            .MaxLength("phone", request.Phone, User.MaxPhoneLength);
        passwords.Check(violations, "password", request.Password, request.Email).ThrowIfAny();
        guard.Admit(context.ClientFacts().IpAddress);
        var ct = context.CancellationToken;
        var departmentId = await UserInput.DepartmentAsync(db, "department_id", request.DepartmentId, ct);

        var now = clock.UtcNowForDatabase();
        var user = User.Register(request.Email, request.FirstName, request.LastName, request.Phone, departmentId, passwords.Hash(request.Password), now);
        var normalized = user.NormalizedEmail;
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
        {
            // The same answer as a new registration, so the form cannot be used to find out who has an account;
            // nothing is stored, and the owner can still sign in or reset their password.
            audit.Record(context, "user.registration_duplicate", false, "user", "", new() { ["email"] = normalized });
            await db.SaveChangesAsync(ct);
            return new RegisterUserResponse { User = await user.ToProtoAsync(roles, ct) };
        }
        db.Users.Add(user);
        audit.Record(context, "user.registered", true, "user", user.Id.ToString(), actorId: user.Id);
        await db.SaveChangesAsync(ct);
        return new RegisterUserResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    public override async Task<InviteUserResponse> InviteUser(InviteUserRequest request, ServerCallContext context)
    {
        new FieldViolations()
            .Email("email", request.Email)
            .PersonName("first_name", request.FirstName)
            .PersonName("last_name", request.LastName)
            .MaxLength("phone", request.Phone, User.MaxPhoneLength)
            .ThrowIfAny();
        var ct = context.CancellationToken;
        var departmentId = await UserInput.DepartmentAsync(db, "department_id", request.DepartmentId, ct);
        var roleIds = await UserInput.RolesAsync(roles, "role_ids", request.RoleIds, ct);
        var normalized = User.Normalize(request.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
            throw GrpcErrors.AlreadyExists($"A user with email '{request.Email.Trim()}' already exists.");

        var user = User.Invite(request.Email, request.FirstName, request.LastName, request.Phone, departmentId, roleIds, clock.UtcNowForDatabase());
        db.Users.Add(user);
        StageInvitation(user, context);
        audit.Record(context, "user.invited", true, "user", user.Id.ToString(), new() { ["roles"] = string.Join(",", roleIds) });
        await db.SaveChangesAsync(ct);
        return new InviteUserResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    public override async Task<ResendInvitationResponse> ResendInvitation(ResendInvitationRequest request, ServerCallContext context)
    {
        var user = await FindAsync(request.UserId, "user_id", context.CancellationToken);
        if (!user.InvitationPending)
            throw GrpcErrors.FailedPrecondition("user_id", "This user has no pending invitation.", "NO_PENDING_INVITATION");
        await ConsumeTokensAsync(user.Id, OneTimeTokenPurpose.Invitation, context.CancellationToken);
        var expiresAt = StageInvitation(user, context);
        audit.Record(context, "user.invitation_resent", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new ResendInvitationResponse { ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) };
    }

    private DateTimeOffset StageInvitation(User user, ServerCallContext context)
    {
        var token = SecretTokens.New();
        var invitation = OneTimeToken.Create(user.Id, OneTimeTokenPurpose.Invitation, SecretTokens.Hash(token), clock.UtcNowForDatabase(), options.Value.InvitationLifetime);
        db.OneTimeTokens.Add(invitation);
        var caller = context.FindCaller();
        var url = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/accept-invitation?token={token}";
        events.Stage(db, AuthEvents.UserInvited(user, url, invitation.ExpiresAt, caller?.Name ?? "", caller?.Id), user.Id.ToString());
        return invitation.ExpiresAt;
    }

    public override async Task<GetInvitationResponse> GetInvitation(GetInvitationRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("invitation_token", request.InvitationToken).ThrowIfAny();
        guard.Admit(context.ClientFacts().IpAddress);
        var (invitation, user) = await InvitationAsync(request.InvitationToken, context.CancellationToken);
        return new GetInvitationResponse { Email = user.Email, DisplayName = user.DisplayName, ExpiresAt = Timestamp.FromDateTimeOffset(invitation.ExpiresAt) };
    }

    public override async Task<AcceptInvitationResponse> AcceptInvitation(AcceptInvitationRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("invitation_token", request.InvitationToken).Required("password", request.Password).ThrowIfAny();
        guard.Admit(context.ClientFacts().IpAddress);
        var ct = context.CancellationToken;
        var (invitation, user) = await InvitationAsync(request.InvitationToken, ct);
        passwords.Check(new FieldViolations(), "password", request.Password, user.Email).ThrowIfAny();

        var now = clock.UtcNowForDatabase();
        user.SetPassword(passwords.Hash(request.Password), now);
        invitation.Consume(now);
        audit.Record(context, "user.invitation_accepted", true, "user", user.Id.ToString(), actorId: user.Id);
        await db.SaveChangesAsync(ct);
        return new AcceptInvitationResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    private async Task<(OneTimeToken Invitation, User User)> InvitationAsync(string token, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(token);
        var invitation = await db.OneTimeTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == OneTimeTokenPurpose.Invitation, ct);
        var user = invitation is null ? null : await db.Users.FirstAsync(u => u.Id == invitation.UserId, ct);
        if (invitation is null || !invitation.IsUsable(clock.GetUtcNow()) || user is not { InvitationPending: true })
            throw GrpcErrors.FailedPrecondition("invitation_token", "This invitation link is invalid, expired or already used; ask for a new one.", "INVITATION_INVALID");
        return (invitation, user);
    }

    public override async Task<ApproveUserResponse> ApproveUser(ApproveUserRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var user = await FindAsync(request.Id, "id", ct);
        var roleIds = await UserInput.RolesAsync(roles, "role_ids", request.RoleIds, ct);
        GrpcErrors.ExpectVersion(user.Version, request.ExpectedVersion, "The user");
        user.Approve(roleIds, clock.UtcNowForDatabase());
        audit.Record(context, "user.approved", true, "user", user.Id.ToString(), new() { ["roles"] = string.Join(",", user.RoleIds) });
        await db.SaveChangesAsync(ct);
        return new ApproveUserResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    public override async Task<RejectUserResponse> RejectUser(RejectUserRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("reason", request.Reason).MaxLength("reason", request.Reason, User.MaxReasonLength).ThrowIfAny();
        var user = await FindAsync(request.Id, "id", context.CancellationToken);
        GrpcErrors.ExpectVersion(user.Version, request.ExpectedVersion, "The user");
        user.Reject(request.Reason, clock.UtcNowForDatabase());
        audit.Record(context, "user.rejected", true, "user", user.Id.ToString(), new() { ["reason"] = request.Reason.Trim() });
        await db.SaveChangesAsync(context.CancellationToken);
        return new RejectUserResponse { User = await user.ToProtoAsync(roles, context.CancellationToken) };
    }

    public override async Task<DeactivateUserResponse> DeactivateUser(DeactivateUserRequest request, ServerCallContext context)
    {
        new FieldViolations().MaxLength("reason", request.Reason, User.MaxReasonLength).ThrowIfAny();
        var ct = context.CancellationToken;
        var user = await FindAsync(request.Id, "id", ct);
        GrpcErrors.ExpectVersion(user.Version, request.ExpectedVersion, "The user");
        if (context.GetCaller().IsUser(user.Id))
            throw GrpcErrors.FailedPrecondition("id", "You cannot deactivate your own account.", "SELF_DEACTIVATION");
        user.Deactivate(clock.UtcNowForDatabase());
        var revoked = await sessions.RevokeAllAsync(user.Id, "deactivated", except: null, ct);
        events.Stage(db, AuthEvents.UserDeactivated(user, request.Reason.Trim(), context.GetCaller().Id), user.Id.ToString());
        audit.Record(context, "user.deactivated", true, "user", user.Id.ToString(),
            new() { ["reason"] = request.Reason.Trim(), ["sessions_revoked"] = revoked.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync(ct);
        return new DeactivateUserResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    public override async Task<ReactivateUserResponse> ReactivateUser(ReactivateUserRequest request, ServerCallContext context)
    {
        var user = await FindAsync(request.Id, "id", context.CancellationToken);
        GrpcErrors.ExpectVersion(user.Version, request.ExpectedVersion, "The user");
        user.Reactivate(clock.UtcNowForDatabase());
        audit.Record(context, "user.reactivated", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new ReactivateUserResponse { User = await user.ToProtoAsync(roles, context.CancellationToken) };
    }

    public override async Task<UnlockUserResponse> UnlockUser(UnlockUserRequest request, ServerCallContext context)
    {
        var user = await FindAsync(request.Id, "id", context.CancellationToken);
        user.Unlock(clock.UtcNowForDatabase());
        audit.Record(context, "user.unlocked", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new UnlockUserResponse { User = await user.ToProtoAsync(roles, context.CancellationToken) };
    }

    public override async Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var user = await FindAsync(request.Id, "id", context.CancellationToken, tracked: false);
        var caller = context.GetCaller();
        if (!caller.IsUser(user.Id) && !caller.IsServiceAccount && !caller.Has(Permissions.UsersManage))
            throw GrpcErrors.Forbidden("You may read only your own account.");
        return new GetUserResponse { User = await user.ToProtoAsync(roles, context.CancellationToken) };
    }

    public override async Task<BatchGetUsersResponse> BatchGetUsers(BatchGetUsersRequest request, ServerCallContext context)
    {
        var ids = new List<Guid>();
        var violations = new FieldViolations().Check(request.Ids.Count <= MaxBatch, "ids", $"must hold at most {MaxBatch} ids.");
        foreach (var id in request.Ids)
        {
            if (Guid.TryParse(id, out var guid))
                ids.Add(guid);
            else
                violations.Add("ids", $"'{id}' is not a UUID.");
        }
        violations.ThrowIfAny();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(context.CancellationToken);
        return new BatchGetUsersResponse { Users = { users.Select(u => u.ToSummary()) } };
    }

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var ct = context.CancellationToken;
        Guid? departmentId = string.IsNullOrEmpty(request.DepartmentId) ? null
            : Guid.TryParse(request.DepartmentId, out var department) ? department : throw GrpcErrors.InvalidArgument("department_id", "must be a UUID.");
        Guid? roleId = string.IsNullOrEmpty(request.RoleId) ? null
            : Guid.TryParse(request.RoleId, out var role) ? role : throw GrpcErrors.InvalidArgument("role_id", "must be a UUID.");
        var statuses = request.Statuses.Select(UserMapping.FromProto).OfType<Domain.UserStatus>().ToList();
        var prefix = request.Query.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

        var query = db.Users.AsNoTracking().Where(u => after == null || u.Id > after);
        if (statuses.Count > 0)
            query = query.Where(u => statuses.Contains(u.Status));
        if (departmentId is not null)
            query = query.Where(u => u.DepartmentId == departmentId);
        if (roleId is { } holding)
            query = query.Where(u => u.RoleIds.Contains(holding));
        if (prefix != "%")
            query = query.Where(u => EF.Functions.Like(u.NormalizedEmail, prefix)
                || EF.Functions.ILike(u.FirstName, prefix) || EF.Functions.ILike(u.LastName, prefix));
        var fetched = await query.OrderBy(u => u.Id).Take(pageSize + 1).ToListAsync(ct);
        var (page, next) = Paging.Split(fetched, pageSize, u => u.Id);
        var response = new ListUsersResponse { NextPageToken = next };
        foreach (var user in page)
            response.Users.Add(await user.ToProtoAsync(roles, ct));
        return response;
    }

    public override async Task<UpdateProfileResponse> UpdateProfile(UpdateProfileRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var violations = new FieldViolations()
            .PersonName("first_name", request.HasFirstName ? request.FirstName : null, required: false)
            .PersonName("last_name", request.HasLastName ? request.LastName : null, required: false)
            .MaxLength("phone", request.HasPhone ? request.Phone : null, User.MaxPhoneLength);
        if (request.HasEmail)
            violations.Email("email", request.Email);
        violations.ThrowIfAny();

        var user = await FindAsync(request.Id, "id", ct);
        var caller = context.GetCaller();
        var manager = caller.Has(Permissions.UsersManage);
        if (!manager && !caller.IsUser(user.Id))
            throw GrpcErrors.Forbidden("You may edit only your own profile.");
        if (!manager && (request.HasDepartmentId || request.HasEmail))
            throw GrpcErrors.Forbidden("Only an administrator can change a department or an email address.");
        GrpcErrors.ExpectVersion(user.Version, request.ExpectedVersion, "The user");

        var now = clock.UtcNowForDatabase();
        user.UpdateProfile(request.HasFirstName ? request.FirstName : null, request.HasLastName ? request.LastName : null, request.HasPhone ? request.Phone : null, now);
        if (request.HasDepartmentId)
            user.ChangeDepartment(await UserInput.DepartmentAsync(db, "department_id", request.DepartmentId, ct), now);
        if (request.HasEmail && User.Normalize(request.Email) != user.NormalizedEmail)
        {
            var normalized = User.Normalize(request.Email);
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
                throw GrpcErrors.AlreadyExists($"Another user already has the email '{request.Email.Trim()}'.");
            user.ChangeEmail(request.Email, now);
        }
        audit.Record(context, "user.profile_updated", true, "user", user.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new UpdateProfileResponse { User = await user.ToProtoAsync(roles, ct) };
    }

    private async Task<User> FindAsync(string id, string field, CancellationToken ct, bool tracked = true)
    {
        new FieldViolations().Uuid(field, id).ThrowIfAny();
        var guid = Guid.Parse(id);
        var users = tracked ? db.Users : db.Users.AsNoTracking();
        return await users.FirstOrDefaultAsync(u => u.Id == guid, ct) ?? throw GrpcErrors.NotFound("User", id);
    }

    private async Task ConsumeTokensAsync(Guid userId, OneTimeTokenPurpose purpose, CancellationToken ct)
    {
        var now = clock.UtcNowForDatabase();
        foreach (var token in await db.OneTimeTokens.Where(t => t.UserId == userId && t.Purpose == purpose && t.ConsumedAt == null).ToListAsync(ct))
            token.Consume(now);
    }
}
