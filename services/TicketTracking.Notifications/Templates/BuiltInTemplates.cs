namespace TicketTracking.Notifications.Templates;

/// <summary>
/// The account mails every installation needs before an admin edits anything (ARCHITECTURE.md §3). Their variables
/// are the fields of the Auth event behind each mail; timestamps arrive as RFC 3339 strings and are shown in UTC.
/// </summary>
public static class BuiltInTemplates
{
    public const string UserInvited = "user-invited";
    public const string PasswordReset = "password-reset";
    public const string Otp = "otp";
    public const string AccountLocked = "account-locked";

    public static IReadOnlyDictionary<string, EmailTemplate> ByKey { get; } = new Dictionary<string, EmailTemplate>
    {
        [UserInvited] = new(
            "{{ invited_by_name }} invited you to TicketTracking",
            """
            Hello {{ display_name }},

            {{ invited_by_name }} invited you to TicketTracking. Choose your password here:

            {{ invitation_url }}

            The link works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}.
            """,
            Layout("""
            <p>Hello {{ display_name }},</p>
            <p>{{ invited_by_name }} invited you to TicketTracking.</p>
            <p><a href="{{ invitation_url }}">Choose your password</a></p>
            <p>The link works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}.</p>
            """)),
        [PasswordReset] = new(
            "Reset your TicketTracking password",
            """
            Hello {{ display_name }},

            Someone{% if requested_from_ip != "" %} at {{ requested_from_ip }}{% endif %} asked to reset your password. To choose a new one, open:

            {{ reset_url }}

            The link works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}. If it was not you, ignore this mail: your password stays as it is.
            """,
            Layout("""
            <p>Hello {{ display_name }},</p>
            <p>Someone{% if requested_from_ip != "" %} at {{ requested_from_ip }}{% endif %} asked to reset your password.</p>
            <p><a href="{{ reset_url }}">Choose a new password</a></p>
            <p>The link works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}. If it was not you, ignore this mail: your password stays as it is.</p>
            """)),
        [Otp] = new(
            "Your TicketTracking sign-in code: {{ code }}",
            """
            Hello {{ display_name }},

            Your sign-in code is {{ code }}. It works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}.

            If you did not try to sign in, change your password.
            """,
            Layout("""
            <p>Hello {{ display_name }},</p>
            <p>Your sign-in code is <strong>{{ code }}</strong>. It works once and expires on {{ expires_at | date: "%-d %B %Y, %H:%M UTC" }}.</p>
            <p>If you did not try to sign in, change your password.</p>
            """)),
        [AccountLocked] = new(
            "Your TicketTracking account is locked",
            """
            Hello {{ display_name }},

            After repeated failed sign-ins{% if last_attempt_ip != "" %} (the last from {{ last_attempt_ip }}){% endif %}, your account is locked until {{ locked_until | date: "%-d %B %Y, %H:%M UTC" }}.

            If that was not you, reset your password once the lock ends, or ask an administrator.
            """,
            Layout("""
            <p>Hello {{ display_name }},</p>
            <p>After repeated failed sign-ins{% if last_attempt_ip != "" %} (the last from {{ last_attempt_ip }}){% endif %}, your account is locked until {{ locked_until | date: "%-d %B %Y, %H:%M UTC" }}.</p>
            <p>If that was not you, reset your password once the lock ends, or ask an administrator.</p>
            """)),
    };

    private static string Layout(string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <body style="font-family: sans-serif; line-height: 1.5">
        {body}
        </body>
        </html>
        """;
}
