namespace TicketTracking.Auth.Domain;

public enum UserStatus
{
    /// <summary>Self-registered, waiting for an admin.</summary>
    Pending,
    Approved,
    Rejected,
    Deactivated,
}
