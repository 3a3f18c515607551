using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;

namespace TicketTracking.Bff.Tests;

/// <summary>People arranged straight in Auth's database; the tests then sign them in through the BFF.</summary>
public static class BffUsers
{
    public const string Password = "correct horse battery staple";

    public static async Task<User> CreateUserAsync(this BffFactory factory, Guid role, bool emailOtp = false)
    {
        var passwords = factory.Auth.Services.GetRequiredService<PasswordPolicy>();
        var now = factory.Clock.GetUtcNow();
        var user = User.Invite($"bff-{Guid.NewGuid():N}@example.com", "Bea", "Browser", "", null, [role], now);
        user.SetPassword(passwords.Hash(Password), now);
        user.SetEmailOtp(emailOtp, now);
        return await factory.Auth.WithDatabase(async db =>
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user;
        });
    }

    /// <summary>A browser signed in as a new user holding <paramref name="role"/>.</summary>
    public static async Task<Browser> SignedInBrowserAsync(this BffFactory factory, Guid role)
    {
        var user = await factory.CreateUserAsync(role);
        var browser = factory.Bff.NewBrowser();
        await browser.SignInAsync(user.Email, Password);
        return browser;
    }
}
