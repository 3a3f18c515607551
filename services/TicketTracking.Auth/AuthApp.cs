using TicketTracking.Auth.Commands;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Security;
using TicketTracking.Eventing;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Hosting;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Auth;

/// <summary>Marker for <c>WebApplicationFactory&lt;AuthApp&gt;</c>: users, roles, sessions and departments.</summary>
public sealed class AuthApp;

public static class AuthServiceRegistration
{
    public static WebApplicationBuilder AddAuthServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthDbContext>();
        builder.AddEventBusConnection();
        builder.AddEventPublishing<AuthDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<KeyProtector>();
        builder.Services.AddSingleton<SigningKeyStore>();
        // Auth validates the tokens it signed against its own key store instead of asking itself over gRPC.
        builder.Services.AddSingleton<ISigningKeySource>(services => services.GetRequiredService<SigningKeyStore>());
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<PasswordPolicy>();
        builder.Services.AddSingleton<AbuseGuard>();
        builder.Services.AddScoped<RoleDirectory>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<SessionIssuer>();
        builder.Services.AddScoped<SecondFactors>();
        builder.Services.AddSingleton<IAppCommand, CreateAdminCommand>();
        builder.Services.AddSingleton<IAppCommand, EnsureServiceAccountCommand>();
        return builder;
    }
}
