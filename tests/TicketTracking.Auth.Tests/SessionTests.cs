using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using TicketTracking.Auth.Domain;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

public sealed class SessionTests(ClockedAuthFactory factory) : IClassFixture<ClockedAuthFactory>
{
    private readonly SessionService.SessionServiceClient _sessions = new(factory.Channel);

    [Fact]
    public async Task Signing_in_returns_an_ES256_access_token_carrying_the_user_roles_and_permissions()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.AgentId);

        var tokens = await factory.SignInAsync(user.Email.ToUpperInvariant());

        var jwt = new JsonWebToken(tokens.AccessToken);
        jwt.Alg.ShouldBe("ES256");
        jwt.Kid.ShouldNotBeNullOrEmpty();
        jwt.Audiences.ShouldBe(["tickettracking"]);
        jwt.Subject.ShouldBe(user.Id.ToString());
        jwt.GetClaim("sid").Value.ShouldBe(tokens.SessionId);
        jwt.Claims.Where(c => c.Type == "perm").Select(c => c.Value).ShouldBe(["tasks.act", "tickets.create", "tickets.read.assigned", "tickets.read.own"], ignoreOrder: true);
        jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ShouldBe(["Agent"]);
        (jwt.ValidTo - jwt.IssuedAt).ShouldBe(TimeSpan.FromMinutes(5));
        tokens.User.Email.ShouldBe(user.Email);
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        var user = await factory.CreateUserAsync();

        var unknown = await Should.ThrowAsync<RpcException>(() => _sessions.LoginAsync(new LoginRequest { Email = "nobody@example.com", Password = "whatever it is" }).ResponseAsync);
        var wrong = await Should.ThrowAsync<RpcException>(() => _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = "whatever it is" }).ResponseAsync);

        wrong.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        unknown.StatusCode.ShouldBe(wrong.StatusCode);
        unknown.Status.Detail.ShouldBe(wrong.Status.Detail);
        unknown.GetRpcStatus()!.ToString().ShouldBe(wrong.GetRpcStatus()!.ToString());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_so_even_the_right_password_is_refused_and_the_user_is_mailed()
    {
        var user = await factory.CreateUserAsync();
        for (var i = 0; i < 5; i++)
            await Should.ThrowAsync<RpcException>(() => _sessions.LoginAsync(new LoginRequest { Email = user.Email, Password = $"wrong password {i}" }).ResponseAsync);

        var refused = await Should.ThrowAsync<RpcException>(() => factory.SignInAsync(user.Email));

        refused.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        refused.Reason().ShouldBe("BAD_CREDENTIALS");
        var (lockedUntil, lockouts, mails) = await factory.WithDatabase(async db => (
            (await db.Users.SingleAsync(u => u.Id == user.Id)).LockedUntil,
            await db.AuditEntries.CountAsync(e => e.TargetId == user.Id.ToString() && e.Action == "account.locked"),
            await db.Set<OutboxMessage>().CountAsync(m => m.Topic == "account-locked" && m.AggregateId == user.Id.ToString())));
        lockedUntil.ShouldNotBeNull();
        lockouts.ShouldBe(1);
        mails.ShouldBe(1);

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        (await factory.SignInAsync(user.Email)).AccessToken.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_pending_registration_with_the_right_password_is_told_it_waits_for_approval()
    {
        var user = await factory.CreateUserAsync();
        await factory.WithDatabase(db => db.Database.ExecuteSqlAsync($"UPDATE users SET status = 'Pending' WHERE id = {user.Id}"));

        var refused = await Should.ThrowAsync<RpcException>(() => factory.SignInAsync(user.Email));

        refused.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        refused.Reason().ShouldBe("ACCOUNT_PENDING");
    }

    [Fact]
    public async Task A_refresh_rotates_the_token_and_a_parallel_retry_within_30_s_gets_the_same_successor()
    {
        var user = await factory.CreateUserAsync();
        var first = await factory.SignInAsync(user.Email);

        var rotated = (await _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken })).Tokens;
        factory.Clock.Advance(TimeSpan.FromSeconds(20));
        var retried = (await _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken })).Tokens;

        rotated.RefreshToken.ShouldNotBe(first.RefreshToken);
        retried.RefreshToken.ShouldBe(rotated.RefreshToken);
        rotated.SessionId.ShouldBe(first.SessionId);
        (await _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = rotated.RefreshToken })).Tokens.RefreshToken.ShouldNotBe(rotated.RefreshToken);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_after_the_grace_period_revokes_the_whole_family()
    {
        var user = await factory.CreateUserAsync();
        var first = await factory.SignInAsync(user.Email);
        var successor = (await _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken })).Tokens;

        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        var reuse = await Should.ThrowAsync<RpcException>(() => _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken }).ResponseAsync);
        var successorAfterwards = await Should.ThrowAsync<RpcException>(() => _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = successor.RefreshToken }).ResponseAsync);

        reuse.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        successorAfterwards.Reason().ShouldBe("SESSION_ENDED");
        var session = await factory.WithDatabase(db => db.Sessions.SingleAsync(s => s.Id == Guid.Parse(first.SessionId)));
        session.RevokeReason.ShouldBe("refresh_token_reuse");
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        var user = await factory.CreateUserAsync();
        var tokens = await factory.SignInAsync(user.Email);
        var (_, serviceToken) = await factory.ServiceAccountTokenAsync();
        var asService = new SessionService.SessionServiceClient(factory.ChannelWithToken(serviceToken));
        (await asService.ValidateSessionAsync(new ValidateSessionRequest { SessionId = tokens.SessionId })).Active.ShouldBeTrue();

        await _sessions.LogoutAsync(new LogoutRequest { RefreshToken = tokens.RefreshToken });

        (await asService.ValidateSessionAsync(new ValidateSessionRequest { SessionId = tokens.SessionId })).Active.ShouldBeFalse();
        var refresh = await Should.ThrowAsync<RpcException>(() => _sessions.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = tokens.RefreshToken }).ResponseAsync);
        refresh.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }
}
