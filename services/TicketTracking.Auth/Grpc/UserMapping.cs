using Google.Protobuf.WellKnownTypes;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Security;
using TicketTracking.Protos.Auth.V1;
using User = TicketTracking.Auth.Domain.User;
using UserStatus = TicketTracking.Auth.Domain.UserStatus;

namespace TicketTracking.Auth.Grpc;

internal static class UserMapping
{
    public static async Task<Protos.Auth.V1.User> ToProtoAsync(this User user, RoleDirectory roles, CancellationToken cancellationToken)
    {
        var held = await roles.RolesOfAsync(user.RoleIds, cancellationToken);
        var proto = new Protos.Auth.V1.User
        {
            Id = user.Id.ToString(),
            Email = user.Email,
            FirstName = user.FirstName,
            LastName = user.LastName,
            DisplayName = user.DisplayName,
            Phone = user.Phone,
            DepartmentId = user.DepartmentId?.ToString() ?? "",
            Status = ToProto(user.Status),
            RoleIds = { held.Select(r => r.Id.ToString()) },
            RoleNames = { held.Select(r => r.Name) },
            Permissions = { TokenIssuer.PermissionsOf(held) },
            TwoFactorMethods = { SecondFactors.EnabledMethods(user) },
            TwoFactorRequired = held.Any(r => r.RequireTwoFactor),
            InvitationPending = user.InvitationPending,
            RejectionReason = user.RejectionReason,
            CreatedAt = Timestamp.FromDateTimeOffset(user.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(user.UpdatedAt),
            Version = user.Version,
        };
        if (user.LockedUntil is { } locked && locked > DateTimeOffset.UtcNow)
            proto.LockedUntil = Timestamp.FromDateTimeOffset(locked);
        if (user.ApprovedAt is { } approved)
            proto.ApprovedAt = Timestamp.FromDateTimeOffset(approved);
        if (user.LastSignInAt is { } signedIn)
            proto.LastSignInAt = Timestamp.FromDateTimeOffset(signedIn);
        return proto;
    }

    public static UserSummary ToSummary(this User user) => new()
    {
        Id = user.Id.ToString(),
        Email = user.Email,
        DisplayName = user.DisplayName,
        DepartmentId = user.DepartmentId?.ToString() ?? "",
        Active = user.CanSignIn || user.InvitationPending,
    };

    public static Protos.Auth.V1.UserStatus ToProto(UserStatus status) => status switch
    {
        UserStatus.Pending => Protos.Auth.V1.UserStatus.Pending,
        UserStatus.Approved => Protos.Auth.V1.UserStatus.Approved,
        UserStatus.Rejected => Protos.Auth.V1.UserStatus.Rejected,
        UserStatus.Deactivated => Protos.Auth.V1.UserStatus.Deactivated,
        _ => Protos.Auth.V1.UserStatus.Unspecified,
    };

    public static UserStatus? FromProto(Protos.Auth.V1.UserStatus status) => status switch
    {
        Protos.Auth.V1.UserStatus.Pending => UserStatus.Pending,
        Protos.Auth.V1.UserStatus.Approved => UserStatus.Approved,
        Protos.Auth.V1.UserStatus.Rejected => UserStatus.Rejected,
        Protos.Auth.V1.UserStatus.Deactivated => UserStatus.Deactivated,
        _ => null,
    };
}
