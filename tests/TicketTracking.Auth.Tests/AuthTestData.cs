using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Auth.Tests;

/// <summary>People and credentials arranged straight in auth_db, then used through the real sign-in RPCs.</summary>
public static class AuthTestData
{
    public const string Password = "correct horse battery staple";

    /// <summary>An approved user with a password and the given roles (Requester when none).</summary>
    public static async Task<Domain.User> CreateUserAsync(this AuthFactory factory, params Guid[] roleIds)
    {
        var passwords = factory.Services.GetRequiredService<PasswordPolicy>();
        var now = DateTimeOffset.UtcNow;
        var user = Domain.User.Invite($"user-{Guid.NewGuid():N}@example.com", "Test", "User", "", null,
            roleIds.Length == 0 ? [BuiltInRoles.RequesterId] : roleIds, now);
        user.SetPassword(passwords.Hash(Password), now);
        return await factory.WithDatabase(async db =>
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user;
        });
    }

    public static async Task<SessionTokens> SignInAsync(this AuthFactory factory, string email, string password = Password)
    {
        var reply = await new SessionService.SessionServiceClient(factory.Channel).LoginAsync(new LoginRequest { Email = email, Password = password });
        return reply.Tokens ?? throw new InvalidOperationException($"{email} got a second-factor challenge, not tokens.");
    }

    /// <summary>The payload of the latest event on <paramref name="topic"/> about <paramref name="aggregateId"/> in Auth's outbox.</summary>
    public static async Task<T> LatestEventAsync<T>(this AuthFactory factory, string topic, Guid aggregateId) where T : class, IMessage
    {
        var row = await factory.WithDatabase(db => db.Set<OutboxMessage>()
            .Where(m => m.Topic == topic && m.AggregateId == aggregateId.ToString())
            .OrderByDescending(m => m.Id)
            .FirstAsync());
        return (T)CloudEventEnvelope.Decode(row.Envelope).Payload;
    }

    /// <summary>The <c>token</c> query parameter of a link in an account mail.</summary>
    public static string TokenOf(string url) => url[(url.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];

    /// <summary>A channel signed in as a new user holding <paramref name="roleIds"/>.</summary>
    public static async Task<CallInvoker> SignedInChannelAsync(this AuthFactory factory, params Guid[] roleIds)
    {
        var user = await factory.CreateUserAsync(roleIds);
        return factory.ChannelWithToken((await factory.SignInAsync(user.Email)).AccessToken);
    }

    public static Task<CallInvoker> AdminChannelAsync(this AuthFactory factory) => factory.SignedInChannelAsync(BuiltInRoles.AdminId);

    /// <summary>A service account (no roles) and a token issued for it.</summary>
    public static async Task<(Domain.ServiceAccount Account, string Token)> ServiceAccountTokenAsync(this AuthFactory factory, params Guid[] roleIds)
    {
        var secret = SecretTokens.New();
        var account = Domain.ServiceAccount.Create($"sa-{Guid.NewGuid():N}"[..20], "Test tooling", "", roleIds, SecretTokens.Hash(secret), DateTimeOffset.UtcNow);
        await factory.WithDatabase(async db =>
        {
            db.ServiceAccounts.Add(account);
            return await db.SaveChangesAsync();
        });
        var reply = await new ServiceAccountService.ServiceAccountServiceClient(factory.Channel)
            .IssueServiceAccountTokenAsync(new IssueServiceAccountTokenRequest { ClientId = account.ClientId, ClientSecret = secret });
        return (account, reply.AccessToken);
    }
}
