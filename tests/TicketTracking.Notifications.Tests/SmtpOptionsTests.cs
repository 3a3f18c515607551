using System.ComponentModel.DataAnnotations;
using TicketTracking.Notifications.Sending;

namespace TicketTracking.Notifications.Tests;

public sealed class SmtpOptionsTests
{
    private static List<string?> Problems(SmtpOptions options) =>
        options.Validate(new ValidationContext(options)).Select(result => result.ErrorMessage).ToList();

    [Fact]
    public void Missing_settings_are_named_by_their_keys()
    {
        var problems = Problems(new SmtpOptions { Password = "secret", Tls = "Sometimes" });

        problems.Count.ShouldBe(4);
        problems.ShouldContain(p => p!.StartsWith("Smtp:Host ", StringComparison.Ordinal));
        problems.ShouldContain(p => p!.StartsWith("Smtp:FromAddress ", StringComparison.Ordinal));
        problems.ShouldContain(p => p!.StartsWith("Smtp:Password is set but Smtp:UserName", StringComparison.Ordinal));
        problems.ShouldContain(p => p!.StartsWith("Smtp:Tls 'Sometimes'", StringComparison.Ordinal));
        problems.ShouldAllBe(p => !p!.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_setting_is_valid_and_starts_tls_by_default()
    {
        var options = new SmtpOptions { Host = "smtp.example.test", FromAddress = "desk@example.test" };

        Problems(options).ShouldBeEmpty();
        options.SecureSocket.ShouldBe(MailKit.Security.SecureSocketOptions.StartTls);
    }
}
