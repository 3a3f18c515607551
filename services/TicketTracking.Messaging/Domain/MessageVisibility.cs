namespace TicketTracking.Messaging.Domain;

public enum MessageVisibility
{
    /// <summary>A reply everyone on the ticket sees, the requester included.</summary>
    Public = 1,

    /// <summary>A note for staff only: requesters never see it.</summary>
    Internal = 2,
}
