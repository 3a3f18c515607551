using Google.Protobuf.WellKnownTypes;
using TicketTracking.Notifications.Templates;

namespace TicketTracking.Notifications.Tests;

/// <summary>The built-in account mails render from the fields of the Auth events behind them (no I/O).</summary>
public sealed class EmailTemplateTests
{
    private static readonly EmailRenderer Renderer = new();

    private static Struct Data(params (string Name, string Value)[] fields)
    {
        var data = new Struct();
        foreach (var (name, value) in fields)
            data.Fields[name] = Value.ForString(value);
        return data;
    }

    [Fact]
    public async Task The_invitation_names_who_invited_and_carries_the_link()
    {
        var mail = await Renderer.RenderAsync(BuiltInTemplates.UserInvited, Data(
            ("display_name", "Grace"), ("invited_by_name", "Ada Admin"),
            ("invitation_url", "https://t.example.test/invite?t=1"), ("expires_at", "2030-05-06T07:08:09Z")));

        mail.Subject.ShouldBe("Ada Admin invited you to TicketTracking");
        mail.Text.ShouldContain("https://t.example.test/invite?t=1");
        mail.Text.ShouldContain("expires on 6 May 2030, 07:08 UTC");
        mail.Html.ShouldContain("<a href=\"https://t.example.test/invite?t=1\">");
    }

    [Fact]
    public async Task The_sign_in_code_is_in_the_subject_and_body()
    {
        var mail = await Renderer.RenderAsync(BuiltInTemplates.Otp, Data(
            ("display_name", "Grace"), ("code", "493817"), ("expires_at", "2030-05-06T07:08:09Z")));

        mail.Subject.ShouldBe("Your TicketTracking sign-in code: 493817");
        mail.Text.ShouldContain("Your sign-in code is 493817.");
        mail.Html.ShouldContain("<strong>493817</strong>");
    }

    [Fact]
    public async Task The_lockout_mail_says_until_when_and_leaves_out_an_unknown_address()
    {
        var mail = await Renderer.RenderAsync(BuiltInTemplates.AccountLocked, Data(
            ("display_name", "Grace"), ("locked_until", "2030-05-06T07:38:09Z"), ("last_attempt_ip", "")));

        mail.Subject.ShouldBe("Your TicketTracking account is locked");
        mail.Text.ShouldContain("your account is locked until 6 May 2030, 07:38 UTC.");
        mail.Text.ShouldNotContain("the last from");
    }

    [Fact]
    public async Task A_variable_the_data_lacks_is_a_rendering_error_naming_it()
    {
        var error = await Should.ThrowAsync<EmailRenderingException>(() =>
            Renderer.RenderAsync(BuiltInTemplates.Otp, Data(("display_name", "Grace"), ("expires_at", "2030-05-06T07:08:09Z"))));

        error.Message.ShouldContain("code");
    }
}
