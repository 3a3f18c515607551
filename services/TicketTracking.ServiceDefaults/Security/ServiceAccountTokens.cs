using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>This app's own credentials with Auth (<c>ServiceAccount:ClientId</c>, <c>ServiceAccount:ClientSecret</c>).</summary>
public sealed class ServiceAccountOptions
{
    public const string Section = "ServiceAccount";

    [Required(ErrorMessage = "ServiceAccount:ClientId is missing: set it to this app's service-account client id.")]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "ServiceAccount:ClientSecret is missing: set it (a secret) to this app's service-account secret.")]
    public string ClientSecret { get; set; } = "";
}

/// <summary>This app's service-account access token, for calls it makes on its own behalf.</summary>
public interface IServiceAccountTokens
{
    Task<string> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// An access token for this app's service account, fetched from Auth with the client-credentials grant and reused
/// until a minute before it expires. One fetch at a time, so a burst of calls asks Auth once.
/// </summary>
public sealed class ServiceAccountTokens(
    ServiceAccountService.ServiceAccountServiceClient auth, IOptions<ServiceAccountOptions> options, TimeProvider clock) : IServiceAccountTokens, IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && clock.GetUtcNow() < current.ExpiresAt - RenewBefore)
            return current.Token;
        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fetched && clock.GetUtcNow() < fetched.ExpiresAt - RenewBefore)
                return fetched.Token;
            var response = await auth.IssueServiceAccountTokenAsync(
                new IssueServiceAccountTokenRequest { ClientId = options.Value.ClientId, ClientSecret = options.Value.ClientSecret },
                cancellationToken: cancellationToken);
            _current = (response.AccessToken, response.ExpiresAt.ToDateTimeOffset());
            return response.AccessToken;
        }
        finally
        {
            _fetch.Release();
        }
    }

    public void Dispose() => _fetch.Dispose();
}
