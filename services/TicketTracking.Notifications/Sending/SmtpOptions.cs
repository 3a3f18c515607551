using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using MailKit.Security;

namespace TicketTracking.Notifications.Sending;

/// <summary>The SMTP server mail leaves through (section <c>Smtp</c>). UserName and Password are secrets.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    /// <summary>Host name or address of the SMTP server (<c>Smtp:Host</c>).</summary>
    public string? Host { get; set; }

    /// <summary><c>Smtp:Port</c>: 587 is the submission port that STARTTLS servers listen on.</summary>
    public int Port { get; set; } = 587;

    /// <summary>The sender address every mail carries (<c>Smtp:FromAddress</c>).</summary>
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name (<c>Smtp:FromName</c>).</summary>
    public string FromName { get; set; } = "TicketTracking";

    /// <summary>Login, when the server wants one (<c>Smtp:UserName</c>); with <c>Smtp:Password</c>, both secrets.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// <c>Smtp:Tls</c>: <c>StartTls</c> (the default: credentials and reset links never cross the network in clear),
    /// <c>SslOnConnect</c> (port 465), <c>StartTlsWhenAvailable</c>, or <c>None</c> (a local sink only).
    /// </summary>
    public string Tls { get; set; } = nameof(SecureSocketOptions.StartTls);

    public SecureSocketOptions SecureSocket => Enum.Parse<SecureSocketOptions>(Tls, ignoreCase: true);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Host))
            yield return new ValidationResult("Smtp:Host is missing: set it to the SMTP server mail is sent through.");
        if (Port is < 1 or > 65535)
            yield return new ValidationResult($"Smtp:Port {Port} is not a port number from 1 to 65535.");
        if (!MailAddress.TryCreate(FromAddress, out _))
            yield return new ValidationResult("Smtp:FromAddress is missing or not an email address: set it to the address mail is sent from.");
        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(UserName))
            yield return new ValidationResult("Smtp:Password is set but Smtp:UserName is not.");
        if (Tls is not ("StartTls" or "SslOnConnect" or "StartTlsWhenAvailable" or "None"))
            yield return new ValidationResult($"Smtp:Tls '{Tls}' is not supported: use StartTls, SslOnConnect, StartTlsWhenAvailable or None.");
    }
}
