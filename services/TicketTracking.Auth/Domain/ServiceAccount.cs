using System.Text.RegularExpressions;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Domain;

/// <summary>Credentials of a program (a worker, the BFF, internal tooling): client id + secret, with scoped roles.</summary>
public sealed partial class ServiceAccount
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private ServiceAccount(Guid id, string clientId, string name, string description, List<Guid> roleIds, byte[] secretHash, DateTimeOffset createdAt)
    {
        Id = id;
        ClientId = clientId;
        Name = name;
        Description = description;
        RoleIds = roleIds;
        SecretHash = secretHash;
        Active = true;
        CreatedAt = createdAt;
        SecretRotatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string ClientId { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public List<Guid> RoleIds { get; private set; }

    /// <summary>SHA-256 of the secret: secrets are 256 random bits, so a plain hash cannot be brute-forced.</summary>
    public byte[] SecretHash { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset SecretRotatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>.</summary>
    public uint Version { get; private set; }

    public static bool IsValidClientId(string clientId) => ClientIdPattern().IsMatch(clientId);

    public static ServiceAccount Create(string clientId, string name, string description, IEnumerable<Guid> roleIds, byte[] secretHash, DateTimeOffset now) =>
        new(Ids.New(), clientId, name.Trim(), description.Trim(), [.. roleIds.Distinct()], secretHash, now);

    public void Update(string name, string description, IEnumerable<Guid> roleIds, bool active)
    {
        Name = name.Trim();
        Description = description.Trim();
        RoleIds = [.. roleIds.Distinct()];
        Active = active;
    }

    public void RotateSecret(byte[] secretHash, DateTimeOffset now)
    {
        SecretHash = secretHash;
        SecretRotatedAt = now;
    }

    public void Used(DateTimeOffset now) => LastUsedAt = now;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,62}$")]
    private static partial Regex ClientIdPattern();
}
