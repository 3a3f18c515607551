using Google.Protobuf.WellKnownTypes;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Events.V1;

namespace TicketTracking.Auth.Events;

/// <summary>
/// The integration events Auth publishes (protos/events/v1/auth_events.proto). An aggregate's version in them is its
/// update time in milliseconds: it only grows, and it is known before the row is saved (unlike <c>xmin</c>).
/// </summary>
internal static class AuthEvents
{
    public static UserInvited UserInvited(User user, string invitationUrl, DateTimeOffset expiresAt, string invitedByName, Guid? actorId) => new()
    {
        UserId = user.Id.ToString(),
        AggregateVersion = user.UpdatedAt.ToUnixTimeMilliseconds(),
        OccurredAt = Timestamp.FromDateTimeOffset(user.UpdatedAt),
        ActorId = actorId?.ToString() ?? "",
        Email = user.Email,
        FirstName = user.FirstName,
        LastName = user.LastName,
        DisplayName = user.DisplayName,
        InvitationUrl = invitationUrl,
        ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        InvitedByName = invitedByName,
    };

    public static PasswordResetRequested PasswordResetRequested(User user, string resetUrl, DateTimeOffset expiresAt, string ipAddress, DateTimeOffset now) => new()
    {
        UserId = user.Id.ToString(),
        AggregateVersion = now.ToUnixTimeMilliseconds(),
        OccurredAt = Timestamp.FromDateTimeOffset(now),
        Email = user.Email,
        DisplayName = user.DisplayName,
        ResetUrl = resetUrl,
        ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        RequestedFromIp = ipAddress,
    };

    public static UserDeactivated UserDeactivated(User user, string reason, Guid? actorId) => new()
    {
        UserId = user.Id.ToString(),
        AggregateVersion = user.UpdatedAt.ToUnixTimeMilliseconds(),
        OccurredAt = Timestamp.FromDateTimeOffset(user.UpdatedAt),
        ActorId = actorId?.ToString() ?? "",
        Email = user.Email,
        Reason = reason,
        RoleIds = { user.RoleIds.Select(id => id.ToString()) },
    };

    public static RoleMembershipChanged RoleMembershipChanged(
        Role role, RoleMembershipChange change, Guid? userId, IEnumerable<Guid> members, Guid? actorId, DateTimeOffset now) => new()
        {
            RoleId = role.Id.ToString(),
            AggregateVersion = now.ToUnixTimeMilliseconds(),
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            ActorId = actorId?.ToString() ?? "",
            RoleName = role.Name,
            Change = change,
            UserId = userId?.ToString() ?? "",
            MemberUserIds = { members.Select(id => id.ToString()) },
            Permissions = { role.Permissions },
        };
}
