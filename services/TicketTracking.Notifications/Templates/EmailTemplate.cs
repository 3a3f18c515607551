namespace TicketTracking.Notifications.Templates;

/// <summary>A mail's three Liquid sources: subject and plain text render unescaped, the HTML part HTML-encodes every value.</summary>
public sealed record EmailTemplate(string Subject, string Text, string Html);
