using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Security;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using ServiceAccount = TicketTracking.Auth.Domain.ServiceAccount;

namespace TicketTracking.Auth.Grpc;

public sealed class ServiceAccountGrpcService(
    AuthDbContext db, RoleDirectory roles, TokenIssuer tokens, AbuseGuard guard, AuditTrail audit, TimeProvider clock)
    : ServiceAccountService.ServiceAccountServiceBase
{
    public override async Task<CreateServiceAccountResponse> CreateServiceAccount(CreateServiceAccountRequest request, ServerCallContext context)
    {
        var roleIds = await CheckAsync(request.ClientId, request.Name, request.Description, request.RoleIds, context.CancellationToken);
        if (await db.ServiceAccounts.AnyAsync(a => a.ClientId == request.ClientId, context.CancellationToken))
            throw GrpcErrors.AlreadyExists($"A service account with client id '{request.ClientId}' already exists.");
        var secret = SecretTokens.New();
        var account = ServiceAccount.Create(request.ClientId, request.Name, request.Description, roleIds, SecretTokens.Hash(secret), clock.UtcNowForDatabase());
        db.ServiceAccounts.Add(account);
        audit.Record(context, "service_account.created", true, "service_account", account.Id.ToString(), new() { ["client_id"] = account.ClientId });
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateServiceAccountResponse { ServiceAccount = ToProto(account), ClientSecret = secret };
    }

    public override async Task<GetServiceAccountResponse> GetServiceAccount(GetServiceAccountRequest request, ServerCallContext context) =>
        new() { ServiceAccount = ToProto(await FindAsync(request.Id, context.CancellationToken)) };

    public override async Task<ListServiceAccountsResponse> ListServiceAccounts(ListServiceAccountsRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.After(request.PageToken);
        var page = await db.ServiceAccounts.AsNoTracking()
            .Where(a => request.IncludeInactive || a.Active)
            .Where(a => after == null || a.Id > after)
            .OrderBy(a => a.Id)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Split(page, pageSize, a => a.Id);
        return new ListServiceAccountsResponse { ServiceAccounts = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<UpdateServiceAccountResponse> UpdateServiceAccount(UpdateServiceAccountRequest request, ServerCallContext context)
    {
        var account = await FindAsync(request.Id, context.CancellationToken);
        var roleIds = await CheckAsync(account.ClientId, request.Name, request.Description, request.RoleIds, context.CancellationToken);
        GrpcErrors.ExpectVersion(account.Version, request.ExpectedVersion, "The service account");
        account.Update(request.Name, request.Description, roleIds, request.Active);
        audit.Record(context, "service_account.updated", true, "service_account", account.Id.ToString(),
            new() { ["active"] = request.Active.ToString(), ["roles"] = string.Join(",", roleIds) });
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateServiceAccountResponse { ServiceAccount = ToProto(account) };
    }

    public override async Task<RotateServiceAccountSecretResponse> RotateServiceAccountSecret(RotateServiceAccountSecretRequest request, ServerCallContext context)
    {
        var account = await FindAsync(request.Id, context.CancellationToken);
        GrpcErrors.ExpectVersion(account.Version, request.ExpectedVersion, "The service account");
        var secret = SecretTokens.New();
        account.RotateSecret(SecretTokens.Hash(secret), clock.UtcNowForDatabase());
        audit.Record(context, "service_account.secret_rotated", true, "service_account", account.Id.ToString());
        await db.SaveChangesAsync(context.CancellationToken);
        return new RotateServiceAccountSecretResponse { ServiceAccount = ToProto(account), ClientSecret = secret };
    }

    public override async Task<IssueServiceAccountTokenResponse> IssueServiceAccountToken(IssueServiceAccountTokenRequest request, ServerCallContext context)
    {
        new FieldViolations().Required("client_id", request.ClientId).Required("client_secret", request.ClientSecret).ThrowIfAny();
        guard.Admit(context.ClientFacts().IpAddress);
        var account = await db.ServiceAccounts.FirstOrDefaultAsync(a => a.ClientId == request.ClientId, context.CancellationToken);
        if (account is null || !account.Active || !SecretTokens.Matches(request.ClientSecret, account.SecretHash))
        {
            audit.Record(context, "service_account.token_refused", false, "service_account", account?.Id.ToString() ?? "",
                new() { ["client_id"] = request.ClientId.Length > 64 ? request.ClientId[..64] : request.ClientId });
            await db.SaveChangesAsync(context.CancellationToken);
            throw GrpcErrors.Build(Code.Unauthenticated, "The client id or secret is incorrect, or the account is disabled.", "BAD_CLIENT_CREDENTIALS");
        }
        var (token, expiresAt) = await tokens.IssueForServiceAccountAsync(account, await roles.RolesOfAsync(account.RoleIds, context.CancellationToken), context.CancellationToken);
        account.Used(clock.UtcNowForDatabase());
        audit.Record(context, "service_account.token_issued", true, "service_account", account.Id.ToString(),
            new() { ["client_id"] = account.ClientId }, actorId: null);
        await db.SaveChangesAsync(context.CancellationToken);
        return new IssueServiceAccountTokenResponse { AccessToken = token, ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt), TokenType = "Bearer" };
    }

    private async Task<List<Guid>> CheckAsync(string clientId, string name, string description, IEnumerable<string> roleIds, CancellationToken ct)
    {
        var violations = new FieldViolations()
            .Check(ServiceAccount.IsValidClientId(clientId), "client_id", "must be 2-63 letters, digits or dashes, starting with a letter or digit.")
            .Required("name", name)
            .MaxLength("name", name, ServiceAccount.MaxNameLength)
            .MaxLength("description", description, ServiceAccount.MaxDescriptionLength);
        violations.ThrowIfAny();
        return await UserInput.RolesAsync(roles, "role_ids", roleIds, ct);
    }

    private async Task<ServiceAccount> FindAsync(string id, CancellationToken ct)
    {
        new FieldViolations().Uuid("id", id).ThrowIfAny();
        var guid = Guid.Parse(id);
        return await db.ServiceAccounts.FirstOrDefaultAsync(a => a.Id == guid, ct) ?? throw GrpcErrors.NotFound("Service account", id);
    }

    private static Protos.Auth.V1.ServiceAccount ToProto(ServiceAccount account)
    {
        var proto = new Protos.Auth.V1.ServiceAccount
        {
            Id = account.Id.ToString(),
            ClientId = account.ClientId,
            Name = account.Name,
            Description = account.Description,
            RoleIds = { account.RoleIds.Select(id => id.ToString()) },
            Active = account.Active,
            CreatedAt = Timestamp.FromDateTimeOffset(account.CreatedAt),
            SecretRotatedAt = Timestamp.FromDateTimeOffset(account.SecretRotatedAt),
            Version = account.Version,
        };
        if (account.LastUsedAt is { } used)
            proto.LastUsedAt = Timestamp.FromDateTimeOffset(used);
        return proto;
    }
}
