using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Auth;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.Messaging;
using TicketTracking.Messaging.Data;
using TicketTracking.Notifications;
using TicketTracking.Notifications.Data;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Testing;
using TicketTracking.Tickets;
using TicketTracking.Tickets.Data;
using TicketTracking.Workflow;
using TicketTracking.Workflow.Data;
using DomainServiceAccount = TicketTracking.Auth.Domain.ServiceAccount;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.AccessControl.Tests;

/// <summary>
/// The five services in memory, each on its own database, trusting one Auth; and one real signed-in caller of every
/// kind, with a token Auth issued through its sign-in RPCs.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private const string Password = "matrix password for every role";

    public StackFixture()
    {
        ISigningKeySource AuthKeys() => Auth.Services.GetRequiredService<SigningKeyStore>();
        Services = new Dictionary<string, IServiceHost>
        {
            ["auth"] = new ServiceHost<AuthApp, AuthDbContext>(Auth),
            ["tickets"] = new ServiceHost<TicketsApp, TicketsDbContext>(new TrustingServiceFactory<TicketsApp, TicketsDbContext>(AuthKeys)),
            ["workflow"] = new ServiceHost<WorkflowApp, WorkflowDbContext>(new TrustingServiceFactory<WorkflowApp, WorkflowDbContext>(AuthKeys)),
            ["messaging"] = new ServiceHost<MessagingApp, MessagingDbContext>(new TrustingServiceFactory<MessagingApp, MessagingDbContext>(AuthKeys)),
            ["notifications"] = new ServiceHost<NotificationsApp, NotificationsDbContext>(new TrustingServiceFactory<NotificationsApp, NotificationsDbContext>(AuthKeys)),
        };
    }

    public AuthServiceFactory<AuthApp, AuthDbContext> Auth { get; } = new();

    /// <summary>Each service by the area of its proto package (<c>tickettracking.{area}.v1</c>).</summary>
    public IReadOnlyDictionary<string, IServiceHost> Services { get; }

    /// <summary>Every kind of caller: its token (null = anonymous) and what its token grants.</summary>
    public IReadOnlyList<MatrixCaller> Callers { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        foreach (var service in Services.Values)
            await service.InitializeAsync();
        var callers = new List<MatrixCaller> { new("anonymous", null, IsServiceAccount: false, []) };
        foreach (var (id, name, _, permissions) in BuiltInRoles.All)
            callers.Add(new MatrixCaller(name, await SignInWithRoleAsync(id), IsServiceAccount: false, permissions));
        callers.Add(new MatrixCaller("service account", await ServiceAccountTokenAsync(), IsServiceAccount: true, []));
        Callers = callers;
    }

    private async Task<string> SignInWithRoleAsync(Guid roleId)
    {
        var passwords = Auth.Services.GetRequiredService<PasswordPolicy>();
        var user = User.Invite($"matrix-{Guid.NewGuid():N}@example.com", "Matrix", "Caller", "", null, [roleId], DateTimeOffset.UtcNow);
        user.SetPassword(passwords.Hash(Password), DateTimeOffset.UtcNow);
        await Auth.WithDatabase(async db =>
        {
            db.Users.Add(user);
            return await db.SaveChangesAsync();
        });
        var reply = await new SessionService.SessionServiceClient(Auth.Channel).LoginAsync(new LoginRequest { Email = user.Email, Password = Password });
        return reply.Tokens.AccessToken;
    }

    private async Task<string> ServiceAccountTokenAsync()
    {
        var secret = SecretTokens.New();
        var account = DomainServiceAccount.Create("matrix-tooling", "Matrix tooling", "", [], SecretTokens.Hash(secret), DateTimeOffset.UtcNow);
        await Auth.WithDatabase(async db =>
        {
            db.ServiceAccounts.Add(account);
            return await db.SaveChangesAsync();
        });
        var reply = await new ServiceAccountService.ServiceAccountServiceClient(Auth.Channel)
            .IssueServiceAccountTokenAsync(new IssueServiceAccountTokenRequest { ClientId = account.ClientId, ClientSecret = secret });
        return reply.AccessToken;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Services.Values)
            await service.DisposeAsync();
    }
}

public sealed record MatrixCaller(string Name, string? Token, bool IsServiceAccount, IReadOnlyCollection<string> Permissions)
{
    public override string ToString() => Name;
}

/// <summary>A hosted service, whatever its app and DbContext types.</summary>
public interface IServiceHost : IAsyncDisposable
{
    ValueTask InitializeAsync();

    CallInvoker ChannelWithToken(string? token);
}

internal sealed class ServiceHost<TApp, TContext>(ServiceFactory<TApp, TContext> factory) : IServiceHost
    where TApp : class
    where TContext : DbContext
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public CallInvoker ChannelWithToken(string? token) => factory.ChannelWithToken(token);

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
