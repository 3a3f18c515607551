namespace TicketTracking.ServiceDefaults.Security;

/// <summary>The access token's claims (ARCHITECTURE.md §3, Auth): what Auth writes and every service reads.</summary>
public static class AccessTokenClaims
{
    /// <summary>The <c>aud</c> of every access token.</summary>
    public const string Audience = "tickettracking";

    public const string Subject = "sub";
    public const string SessionId = "sid";
    public const string Email = "email";
    public const string Name = "name";
    public const string Department = "dept";
    public const string Roles = "roles";
    public const string Permissions = "perm";

    /// <summary>Present only on service-account tokens (RFC 9068): the account's public client id.</summary>
    public const string ClientId = "client_id";

    /// <summary>The only signature algorithm accepted (ECDSA P-256 with SHA-256).</summary>
    public const string Algorithm = "ES256";
}
