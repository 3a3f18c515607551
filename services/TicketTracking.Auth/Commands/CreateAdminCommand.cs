using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Hosting;

namespace TicketTracking.Auth.Commands;

/// <summary>
/// <c>create-admin --email E [--first-name F] [--last-name L] [--password-stdin]</c>: creates an approved user holding
/// Admin. Without <c>--password-stdin</c> a password is generated and printed once. An existing user is left as is
/// (apart from being given Admin), so `make run` can call it every time.
/// </summary>
internal sealed class CreateAdminCommand : IAppCommand
{
    public string Name => "create-admin";

    public string Description => "create the first administrator: --email E [--first-name F] [--last-name L] [--password-stdin]";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            var arguments = new CommandArguments(args, "password-stdin");
            var email = arguments.Required("email").Trim();
            var db = services.GetRequiredService<AuthDbContext>();
            var clock = services.GetRequiredService<TimeProvider>();
            var now = clock.UtcNowForDatabase();
            var normalized = User.Normalize(email);

            if (await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken) is { } existing)
            {
                existing.AddRole(BuiltInRoles.AdminId, now);
                await db.SaveChangesAsync(cancellationToken);
                Console.WriteLine($"{existing.Email} already exists; it holds the Admin role. Its password was not changed.");
                return 0;
            }

            var generated = !arguments.Flag("password-stdin");
            var password = generated ? SecretTokens.New()[..20] : CommandArguments.ReadSecretFromStdin("password");
            var policy = services.GetRequiredService<PasswordPolicy>();
            var violations = new FieldViolations()
                .Check(email.Contains('@', StringComparison.Ordinal) && email.Length <= User.MaxEmailLength, "email", "must be an email address.");
            policy.Check(violations, "password", password, email);
            try
            {
                violations.ThrowIfAny();
            }
            catch (global::Grpc.Core.RpcException error)
            {
                await Console.Error.WriteLineAsync($"Refused: {error.Status.Detail}");
                return 65;
            }

            var admin = User.CreateAdministrator(email, arguments.Optional("first-name") ?? "Admin", arguments.Optional("last-name") ?? "", policy.Hash(password), now);
            db.Users.Add(admin);
            await db.SaveChangesAsync(cancellationToken);
            Console.WriteLine($"Created administrator {admin.Email}.");
            if (generated)
                Console.WriteLine($"Password (shown once): {password}");
            return 0;
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync($"{error.Message} Usage: create-admin --email E [--first-name F] [--last-name L] [--password-stdin]");
            return 64;
        }
    }
}
