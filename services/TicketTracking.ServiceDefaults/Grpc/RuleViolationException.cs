namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>
/// A well-formed request that a domain rule refuses (an illegal status change, renaming a built-in role): domain types
/// throw it, and the error mapping answers FailedPrecondition naming <see cref="Subject"/> and the rule's
/// <see cref="Reason"/>.
/// </summary>
public sealed class RuleViolationException(string subject, string message, string reason = "RULE_VIOLATED") : Exception(message)
{
    /// <summary>The field or thing the rule is about, e.g. <c>name</c> or <c>status</c>.</summary>
    public string Subject { get; } = subject;

    /// <summary>Machine-readable ErrorInfo reason, e.g. <c>BUILT_IN_ROLE</c>.</summary>
    public string Reason { get; } = reason;
}
