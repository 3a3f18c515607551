using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Grpc;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using Session = TicketTracking.Auth.Domain.Session;
using User = TicketTracking.Auth.Domain.User;

namespace TicketTracking.Auth.Security;

/// <summary>
/// Starts sessions and rotates their refresh tokens. Changes are staged on the request's DbContext; the caller saves.
/// </summary>
public sealed class SessionIssuer(AuthDbContext db, RoleDirectory roles, TokenIssuer tokens, KeyProtector protector, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly Lazy<byte[]> _successorKey = new(() => protector.DeriveKey("refresh-token-successor"));

    public async Task<(Session Session, SessionTokens Tokens)> StartAsync(User user, ClientFacts client, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForDatabase();
        var session = Session.Start(user.Id, now, options.Value.SessionLifetime, client);
        db.Sessions.Add(session);
        user.RecordSignIn(now);
        var refreshToken = SecretTokens.New();
        var refresh = Issue(refreshToken, session, now);
        return (session, await TokensAsync(user, session, refreshToken, refresh.ExpiresAt, cancellationToken));
    }

    /// <summary>
    /// The successor of a refresh token that was just rotated, or is being rotated now. It is derived from the
    /// presented token with a server key, so a retry within the grace period gets the very same successor without
    /// the database ever holding a usable token.
    /// </summary>
    public string SuccessorOf(string refreshToken) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(_successorKey.Value, Encoding.UTF8.GetBytes(refreshToken)));

    public RefreshToken Issue(string refreshToken, Session session, DateTimeOffset now)
    {
        var expiresAt = Min(now + options.Value.RefreshTokenLifetime, session.ExpiresAt);
        var refresh = RefreshToken.Issue(SecretTokens.Hash(refreshToken), session.Id, now, expiresAt);
        db.RefreshTokens.Add(refresh);
        return refresh;
    }

    public async Task<SessionTokens> TokensAsync(User user, Session session, string refreshToken, DateTimeOffset refreshExpiresAt, CancellationToken cancellationToken)
    {
        var held = await roles.RolesOfAsync(user.RoleIds, cancellationToken);
        var (accessToken, expiresAt) = await tokens.IssueForUserAsync(user, held, session.Id, cancellationToken);
        return new SessionTokens
        {
            AccessToken = accessToken,
            AccessTokenExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            RefreshToken = refreshToken,
            RefreshTokenExpiresAt = Timestamp.FromDateTimeOffset(refreshExpiresAt),
            SessionId = session.Id.ToString(),
            User = await user.ToProtoAsync(roles, cancellationToken),
        };
    }

    /// <summary>Revokes every live session of a user (password change or reset, deactivation), except one if given.</summary>
    public async Task<int> RevokeAllAsync(Guid userId, string reason, Guid? except, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForDatabase();
        var live = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now && s.Id != except)
            .ToListAsync(cancellationToken);
        foreach (var session in live)
            session.Revoke(reason, now);
        return live.Count;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
