using System.ComponentModel.DataAnnotations;

namespace TicketTracking.Notifications.Sending;

/// <summary>How hard the sender tries (section <c>Email</c>).</summary>
public sealed class EmailDeliveryOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>Attempts before a mail is FAILED (<c>Email:MaxAttempts</c>).</summary>
    [Range(1, 100, ErrorMessage = "Email:MaxAttempts must be from 1 to 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt, doubling after each further one (<c>Email:RetryBaseDelay</c>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts (<c>Email:MaxRetryDelay</c>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often the sender looks for due mail without being woken (<c>Email:PollInterval</c>): a safety net for a
    /// wake-up lost while its listening connection was down.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: base, 2 × base, 4 × base, … up to the cap.</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * Math.Pow(2, attempts - 1), MaxRetryDelay.Ticks));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryBaseDelay <= TimeSpan.Zero)
            yield return new ValidationResult("Email:RetryBaseDelay must be positive.");
        if (MaxRetryDelay < RetryBaseDelay)
            yield return new ValidationResult("Email:MaxRetryDelay must not be shorter than Email:RetryBaseDelay.");
        if (PollInterval <= TimeSpan.Zero)
            yield return new ValidationResult("Email:PollInterval must be positive.");
    }
}
