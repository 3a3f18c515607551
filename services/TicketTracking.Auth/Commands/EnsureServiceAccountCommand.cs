using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Domain;
using TicketTracking.Auth.Security;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Hosting;

namespace TicketTracking.Auth.Commands;

/// <summary>
/// <c>ensure-service-account --client-id ID --name N [--role ROLE]… </c> with the secret on standard input: creates
/// the account, or sets its secret, name and roles when it exists. Deployment scripts provision the BFF's and the
/// workers' accounts with it from the secret store, every time they deploy.
/// </summary>
internal sealed class EnsureServiceAccountCommand : IAppCommand
{
    public string Name => "ensure-service-account";

    public string Description => "create or update a service account: --client-id ID --name N [--role ROLE]..., secret on stdin";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            var arguments = new CommandArguments(args);
            var clientId = arguments.Required("client-id");
            if (!ServiceAccount.IsValidClientId(clientId))
                throw new UsageException("--client-id must be 2-63 letters, digits or dashes.");
            var name = arguments.Optional("name") ?? clientId;
            var db = services.GetRequiredService<AuthDbContext>();
            var roleNames = arguments.All("role");
            var roles = await db.Roles.Where(r => roleNames.Contains(r.Name)).ToListAsync(cancellationToken);
            if (roles.Count != roleNames.Distinct().Count())
                throw new UsageException($"Unknown role among: {string.Join(", ", roleNames)}.");
            var secret = CommandArguments.ReadSecretFromStdin("client secret");
            if (secret.Length < 32)
                throw new UsageException("The client secret must be at least 32 characters.");

            var now = services.GetRequiredService<TimeProvider>().UtcNowForDatabase();
            var account = await db.ServiceAccounts.FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken);
            if (account is null)
                db.ServiceAccounts.Add(ServiceAccount.Create(clientId, name, "", roles.Select(r => r.Id), SecretTokens.Hash(secret), now));
            else
            {
                account.Update(name, account.Description, roles.Select(r => r.Id), active: true);
                account.RotateSecret(SecretTokens.Hash(secret), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            Console.WriteLine($"Service account {clientId} {(account is null ? "created" : "updated")}.");
            return 0;
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return 64;
        }
    }
}
