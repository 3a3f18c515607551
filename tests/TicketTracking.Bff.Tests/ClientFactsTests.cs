using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Bff.Tests;

/// <summary>Auth's throttling and audit log see the browser's address and user agent, not the BFF's.</summary>
public sealed class ClientFactsTests(BffFactory factory) : IClassFixture<BffFactory>
{
    [Fact]
    public async Task The_address_nginx_reports_and_the_browsers_user_agent_reach_the_audit_log()
    {
        var user = await factory.CreateUserAsync(BuiltInRoles.RequesterId);
        using var browser = factory.Bff.NewBrowser();
        browser.Headers.Add("X-Real-IP", "203.0.113.7");
        browser.Headers.UserAgent.ParseAdd("DeskBrowser/1.0");

        await browser.SignInAsync(user.Email, BffUsers.Password);

        var signIn = await factory.Auth.WithDatabase(db => db.AuditEntries
            .SingleAsync(e => e.Action == "login.succeeded" && e.ActorId == user.Id));
        signIn.IpAddress.ShouldBe("203.0.113.7");
        signIn.UserAgent.ShouldBe("DeskBrowser/1.0");
    }
}
