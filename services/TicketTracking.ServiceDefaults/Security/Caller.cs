using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>
/// Who is calling, from a validated access token: a signed-in user (with a session) or a service account. Handlers
/// use it for object-level rules ("for self", own / assigned / all).
/// </summary>
public sealed record Caller(
    Guid Id,
    bool IsServiceAccount,
    string? SessionId,
    string Email,
    string Name,
    Guid? DepartmentId,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Permissions,
    string AccessToken)
{
    public bool Has(string permission) => Permissions.Contains(permission);

    public bool IsUser(Guid userId) => !IsServiceAccount && Id == userId;

    internal static Caller FromClaims(ClaimsIdentity identity, string accessToken)
    {
        string Value(string type) => identity.FindFirst(type)?.Value ?? "";
        HashSet<string> Values(string type) => identity.FindAll(type).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(
            Guid.Parse(Value(AccessTokenClaims.Subject)),
            identity.HasClaim(c => c.Type == AccessTokenClaims.ClientId),
            identity.FindFirst(AccessTokenClaims.SessionId)?.Value,
            Value(AccessTokenClaims.Email),
            Value(AccessTokenClaims.Name),
            Guid.TryParse(Value(AccessTokenClaims.Department), out var department) ? department : null,
            Values(AccessTokenClaims.Roles),
            Values(AccessTokenClaims.Permissions),
            accessToken);
    }
}

public static class CallerExtensions
{
    private static readonly object Key = new();

    /// <summary>The authenticated caller, or null on an anonymous call (only RPCs open to anonymous callers run then).</summary>
    public static Caller? FindCaller(this ServerCallContext context) => context.GetHttpContext().FindCaller();

    public static Caller? FindCaller(this HttpContext http) => http.Items.TryGetValue(Key, out var caller) ? (Caller?)caller : null;

    /// <summary>The authenticated caller; the access rules already refused anonymous calls to this RPC.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.FindCaller() ?? throw new InvalidOperationException("This RPC is open to anonymous callers; use FindCaller.");

    internal static void SetCaller(this HttpContext http, Caller caller) => http.Items[Key] = caller;
}
