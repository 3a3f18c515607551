using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

/// <summary>Registration, approval, invitation, deactivation and roles, as an admin and the people concerned see them.</summary>
public sealed class AccountLifecycleTests(AuthFactory factory) : IClassFixture<AuthFactory>, IAsyncLifetime
{
    private CallInvoker _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await factory.AdminChannelAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private UserService.UserServiceClient Users(CallInvoker? channel = null) => new(channel ?? factory.Channel);

    [Fact]
    public async Task A_registration_waits_for_approval_and_then_signs_in_as_a_requester()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var registered = (await Users().RegisterUserAsync(new RegisterUserRequest
        {
            Email = email, Password = AuthTestData.Password, FirstName = "Ada", LastName = "Lovelace",
        })).User;
        registered.Status.ShouldBe(Protos.Auth.V1.UserStatus.Pending);
        (await Should.ThrowAsync<RpcException>(() => factory.SignInAsync(email))).Reason().ShouldBe("ACCOUNT_PENDING");

        var approved = (await Users(_admin).ApproveUserAsync(new ApproveUserRequest { Id = registered.Id })).User;

        approved.Status.ShouldBe(Protos.Auth.V1.UserStatus.Approved);
        approved.RoleNames.ShouldBe(["Requester"]);
        (await factory.SignInAsync(email)).User.Permissions.ShouldBe(["tickets.create", "tickets.read.own"], ignoreOrder: true);
    }

    [Fact]
    public async Task Registering_an_existing_email_answers_like_a_new_registration_and_stores_nothing()
    {
        var existing = await factory.CreateUserAsync();
        var request = new RegisterUserRequest { Email = existing.Email.ToUpperInvariant(), Password = "another fine password", FirstName = "X", LastName = "Y" };

        var reply = (await Users().RegisterUserAsync(request)).User;

        reply.Status.ShouldBe(Protos.Auth.V1.UserStatus.Pending);
        (await factory.WithDatabase(db => db.Users.CountAsync(u => u.NormalizedEmail == existing.NormalizedEmail))).ShouldBe(1);
    }

    [Fact]
    public async Task A_weak_password_is_refused_naming_the_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() => Users().RegisterUserAsync(new RegisterUserRequest
        {
            Email = "weak@example.com", Password = "password123", FirstName = "W", LastName = "P",
        }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["password"]);
    }

    [Fact]
    public async Task A_rejected_registration_is_told_the_reason_at_sign_in()
    {
        var email = $"rejected-{Guid.NewGuid():N}@example.com";
        var registered = (await Users().RegisterUserAsync(new RegisterUserRequest { Email = email, Password = AuthTestData.Password, FirstName = "R", LastName = "J" })).User;

        await Users(_admin).RejectUserAsync(new RejectUserRequest { Id = registered.Id, Reason = "Not an employee." });

        var refused = await Should.ThrowAsync<RpcException>(() => factory.SignInAsync(email));
        refused.Reason().ShouldBe("ACCOUNT_REJECTED");
        refused.Status.Detail.ShouldContain("Not an employee.");
    }

    [Fact]
    public async Task An_invitation_link_sets_the_password_once_and_grants_the_invited_roles()
    {
        var email = $"agent-{Guid.NewGuid():N}@example.com";
        var invited = (await Users(_admin).InviteUserAsync(new InviteUserRequest
        {
            Email = email, FirstName = "Grace", LastName = "Hopper", RoleIds = { BuiltInRoles.AgentId.ToString() },
        })).User;
        invited.InvitationPending.ShouldBeTrue();
        var mail = await factory.LatestEventAsync<UserInvited>("user-invited", Guid.Parse(invited.Id));
        mail.InvitationUrl.ShouldStartWith($"{AuthServiceFactory<AuthApp, Data.AuthDbContext>.PublicBaseUrl}/accept-invitation?token=");
        var token = AuthTestData.TokenOf(mail.InvitationUrl);

        (await Users().GetInvitationAsync(new GetInvitationRequest { InvitationToken = token })).Email.ShouldBe(email);
        await Users().AcceptInvitationAsync(new AcceptInvitationRequest { InvitationToken = token, Password = AuthTestData.Password });
        var again = await Should.ThrowAsync<RpcException>(() => Users().AcceptInvitationAsync(
            new AcceptInvitationRequest { InvitationToken = token, Password = "a different password" }).ResponseAsync);

        again.Reason().ShouldBe("INVITATION_INVALID");
        (await factory.SignInAsync(email)).User.RoleNames.ShouldBe(["Agent"]);
    }

    [Fact]
    public async Task Deactivation_ends_every_session_at_once_and_publishes_user_deactivated()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.AgentId);
        var tokens = await factory.SignInAsync(user.Email);

        await Users(_admin).DeactivateUserAsync(new DeactivateUserRequest { Id = user.Id.ToString(), Reason = "Left the company." });

        var refresh = await Should.ThrowAsync<RpcException>(() => new SessionService.SessionServiceClient(factory.Channel)
            .RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = tokens.RefreshToken }).ResponseAsync);
        refresh.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        (await factory.LatestEventAsync<UserDeactivated>("user-deactivated", user.Id)).RoleIds.ShouldBe([BuiltInRoles.AgentId.ToString()]);
        (await Should.ThrowAsync<RpcException>(() => factory.SignInAsync(user.Email))).Reason().ShouldBe("ACCOUNT_DEACTIVATED");
    }

    [Fact]
    public async Task A_user_reads_and_edits_only_their_own_profile()
    {
        var me = await factory.CreateUserAsync();
        var other = await factory.CreateUserAsync();
        var asMe = Users(factory.ChannelWithToken((await factory.SignInAsync(me.Email)).AccessToken));

        (await asMe.GetUserAsync(new GetUserRequest { Id = me.Id.ToString() })).User.Email.ShouldBe(me.Email);
        (await asMe.UpdateProfileAsync(new UpdateProfileRequest { Id = me.Id.ToString(), Phone = "+44 20 7946 0000" })).User.Phone.ShouldBe("+44 20 7946 0000");
        var readOther = await Should.ThrowAsync<RpcException>(() => asMe.GetUserAsync(new GetUserRequest { Id = other.Id.ToString() }).ResponseAsync);
        var ownDepartment = await Should.ThrowAsync<RpcException>(() => asMe.UpdateProfileAsync(
            new UpdateProfileRequest { Id = me.Id.ToString(), DepartmentId = "0193a5c0-0000-7000-8000-000000000001" }).ResponseAsync);

        readOther.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        readOther.Reason().ShouldBe("OBJECT_ACCESS_DENIED");
        ownDepartment.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Role_membership_changes_are_published_with_the_whole_member_list_and_audited()
    {
        var roles = new RoleService.RoleServiceClient(_admin);
        var role = (await roles.CreateRoleAsync(new CreateRoleRequest { Name = $"IT Support {Guid.NewGuid():N}"[..20], Permissions = { "tasks.act", "tickets.read.assigned" } })).Role;
        var first = await factory.CreateUserAsync();
        var second = await factory.CreateUserAsync();

        await roles.AddRoleMemberAsync(new AddRoleMemberRequest { RoleId = role.Id, UserId = first.Id.ToString() });
        var afterSecond = (await roles.AddRoleMemberAsync(new AddRoleMemberRequest { RoleId = role.Id, UserId = second.Id.ToString() })).Role;

        afterSecond.MemberCount.ShouldBe(2);
        var published = await factory.LatestEventAsync<RoleMembershipChanged>("role-membership-changed", Guid.Parse(role.Id));
        published.MemberUserIds.ShouldBe([first.Id.ToString(), second.Id.ToString()], ignoreOrder: true);
        var audit = await new AuditService.AuditServiceClient(_admin).ListAuditEventsAsync(new ListAuditEventsRequest
        {
            TargetId = role.Id,
            Actions = { "role.member_added" },
        });
        audit.Events.Count.ShouldBe(2);
        audit.Events.ShouldAllBe(e => e.Outcome == AuditOutcome.Success && e.ActorType == Protos.Auth.V1.AuditActorType.User);
    }

    [Fact]
    public async Task A_built_in_role_cannot_be_renamed_or_deleted_and_unknown_permissions_are_refused()
    {
        var roles = new RoleService.RoleServiceClient(_admin);
        var agent = (await roles.GetRoleAsync(new GetRoleRequest { Id = BuiltInRoles.AgentId.ToString() })).Role;

        var rename = await Should.ThrowAsync<RpcException>(() => roles.UpdateRoleAsync(new UpdateRoleRequest
        {
            Id = agent.Id, Name = "Helper", Permissions = { agent.Permissions },
        }).ResponseAsync);
        var delete = await Should.ThrowAsync<RpcException>(() => roles.DeleteRoleAsync(new DeleteRoleRequest { Id = agent.Id }).ResponseAsync);
        var unknown = await Should.ThrowAsync<RpcException>(() => roles.CreateRoleAsync(new CreateRoleRequest { Name = "Odd", Permissions = { "tickets.fly" } }).ResponseAsync);

        rename.Reason().ShouldBe("BUILT_IN_ROLE");
        delete.Reason().ShouldBe("BUILT_IN_ROLE");
        unknown.ViolatedFields().ShouldBe(["permissions"]);
    }
}

public sealed class AuditTrailTests(AuthFactory factory) : IClassFixture<AuthFactory>
{
    [Fact]
    public async Task Sign_in_failures_and_successes_are_audited_with_the_clients_address_and_browser_and_can_be_filtered()
    {
        var user = await factory.CreateUserAsync();
        var fromBrowser = new Metadata { { "x-client-ip", "198.51.100.23" }, { "x-client-user-agent", "Firefox/140.0" } };
        var sessions = new SessionService.SessionServiceClient(factory.Channel);
        await Should.ThrowAsync<RpcException>(() => sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = "wrong password here" }, fromBrowser).ResponseAsync);
        await sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = AuthTestData.Password }, fromBrowser);

        var audit = new AuditService.AuditServiceClient(await factory.AdminChannelAsync());
        var fromThatAddress = (await audit.ListAuditEventsAsync(new ListAuditEventsRequest { IpAddress = "198.51.100.23" })).Events;
        var failures = (await audit.ListAuditEventsAsync(new ListAuditEventsRequest { IpAddress = "198.51.100.23", Outcome = AuditOutcome.Failure })).Events;

        fromThatAddress.Select(e => e.Action).ShouldBe(["login.succeeded", "login.failed"]);
        fromThatAddress.ShouldAllBe(e => e.UserAgent == "Firefox/140.0" && e.OccurredAt != null);
        fromThatAddress[0].ActorId.ShouldBe(user.Id.ToString());
        fromThatAddress[0].SessionId.ShouldNotBeEmpty();
        failures.ShouldHaveSingleItem().Details["reason"].ShouldBe("bad_password");
    }
}
