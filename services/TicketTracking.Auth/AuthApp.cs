using TicketTracking.Auth.Data;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Messaging;

namespace TicketTracking.Auth;

/// <summary>Marker for <c>WebApplicationFactory&lt;AuthApp&gt;</c>: users, roles, sessions and departments.</summary>
public sealed class AuthApp;

public static class AuthServiceRegistration
{
    public static WebApplicationBuilder AddAuthServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthDbContext>();
        builder.AddEventBusConnection();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
