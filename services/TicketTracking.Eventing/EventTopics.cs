using Google.Protobuf;
using Google.Protobuf.Reflection;
using TicketTracking.Protos.Events.V1;

namespace TicketTracking.Eventing;

/// <summary>
/// The stable topic name of every integration event (ARCHITECTURE.md §6-7). The CloudEvent <c>type</c> is the
/// payload's proto full name; the topic is what brokers and subscriptions use.
/// </summary>
public static class EventTopics
{
    private static readonly Dictionary<string, string> ByTypeName = new()
    {
        [TicketCreated.Descriptor.FullName] = "ticket-created",
        [TicketUpdated.Descriptor.FullName] = "ticket-updated",
        [TicketStatusChanged.Descriptor.FullName] = "ticket-status-changed",
        [TaskAssigned.Descriptor.FullName] = "task-assigned",
        [TaskTransferred.Descriptor.FullName] = "task-transferred",
        [TaskEscalated.Descriptor.FullName] = "task-escalated",
        [TaskStepChanged.Descriptor.FullName] = "task-step-changed",
        [TaskCompleted.Descriptor.FullName] = "task-completed",
        [SlaWarning.Descriptor.FullName] = "sla-warning",
        [SlaBreached.Descriptor.FullName] = "sla-breached",
        [DepartmentChanged.Descriptor.FullName] = "department-changed",
        [MessagePosted.Descriptor.FullName] = "message-posted",
        [UserMentioned.Descriptor.FullName] = "user-mentioned",
        [UserInvited.Descriptor.FullName] = "user-invited",
        [PasswordResetRequested.Descriptor.FullName] = "password-reset-requested",
        [OtpRequested.Descriptor.FullName] = "otp-requested",
        [AccountLocked.Descriptor.FullName] = "account-locked",
        [RoleMembershipChanged.Descriptor.FullName] = "role-membership-changed",
        [UserDeactivated.Descriptor.FullName] = "user-deactivated",
    };

    /// <summary>Every event payload type, for parsing envelopes.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(
        TicketEventsReflection.Descriptor, WorkflowEventsReflection.Descriptor,
        MessagingEventsReflection.Descriptor, AuthEventsReflection.Descriptor);

    public static string For(MessageDescriptor payload) =>
        ByTypeName.TryGetValue(payload.FullName, out var topic)
            ? topic
            : throw new ArgumentException($"{payload.FullName} is not an integration event.", nameof(payload));

    public static string For<TEvent>() where TEvent : IMessage<TEvent>, new() => For(new TEvent().Descriptor);
}
