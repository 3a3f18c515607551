using Google.Protobuf.WellKnownTypes;
using TicketTracking.Protos.Notifications.V1;

namespace TicketTracking.Notifications.Tests;

/// <summary>Requests for the built-in password-reset mail, as the worker sends them.</summary>
internal static class AccountMail
{
    public const string ResetUrl = "https://tickets.example.test/reset?token=s3cr3t-token";

    public static Struct ResetData(string displayName = "Ada Lovelace") => new()
    {
        Fields =
        {
            ["display_name"] = Value.ForString(displayName),
            ["reset_url"] = Value.ForString(ResetUrl),
            ["expires_at"] = Value.ForString("2030-01-02T03:04:05Z"),
            ["requested_from_ip"] = Value.ForString("203.0.113.7"),
        },
    };

    public static SendEmailRequest PasswordReset(string to, string idempotencyKey = "") => new()
    {
        TemplateKey = "password-reset",
        Data = ResetData(),
        ToAddress = to,
        ToName = "Ada Lovelace",
        IdempotencyKey = idempotencyKey,
    };
}
