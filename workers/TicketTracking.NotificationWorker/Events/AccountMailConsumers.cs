using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Events.V1;

namespace TicketTracking.NotificationWorker.Events;

/// <summary>user-invited → the invitation mail with the link that sets the password.</summary>
public sealed class UserInvitedConsumer(AccountMailSender mail) : IEventConsumer<UserInvited>
{
    public Task<HandlerResult> HandleAsync(UserInvited payload, EventContext context, CancellationToken cancellationToken) =>
        mail.SendAsync("user-invited", payload, payload.Email, payload.DisplayName, payload.UserId, context, cancellationToken);
}

/// <summary>password-reset-requested → the reset link.</summary>
public sealed class PasswordResetRequestedConsumer(AccountMailSender mail) : IEventConsumer<PasswordResetRequested>
{
    public Task<HandlerResult> HandleAsync(PasswordResetRequested payload, EventContext context, CancellationToken cancellationToken) =>
        mail.SendAsync("password-reset", payload, payload.Email, payload.DisplayName, payload.UserId, context, cancellationToken);
}

/// <summary>otp-requested → the one-time sign-in code.</summary>
public sealed class OtpRequestedConsumer(AccountMailSender mail) : IEventConsumer<OtpRequested>
{
    public Task<HandlerResult> HandleAsync(OtpRequested payload, EventContext context, CancellationToken cancellationToken) =>
        mail.SendAsync("otp", payload, payload.Email, payload.DisplayName, payload.UserId, context, cancellationToken);
}

/// <summary>account-locked → tells the owner their account is locked, and until when.</summary>
public sealed class AccountLockedConsumer(AccountMailSender mail) : IEventConsumer<AccountLocked>
{
    public Task<HandlerResult> HandleAsync(AccountLocked payload, EventContext context, CancellationToken cancellationToken) =>
        mail.SendAsync("account-locked", payload, payload.Email, payload.DisplayName, payload.UserId, context, cancellationToken);
}
