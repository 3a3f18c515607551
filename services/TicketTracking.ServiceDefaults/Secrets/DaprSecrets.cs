using Dapr;
using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TicketTracking.ServiceDefaults.Secrets;

/// <summary>
/// Secrets from the Dapr secret store into configuration (Dapr.Extensions.Configuration is not available to us).
/// On with <c>Secrets:Store</c> (the store's component name); off, secrets come from environment variables or the
/// git-ignored <c>appsettings.secrets.json</c>. The store's names are configuration keys; names under the app's own id
/// (<c>tickets:ConnectionStrings:Database</c>) lose that prefix, so every app reads <c>ConnectionStrings:Database</c>.
/// </summary>
public static class DaprSecrets
{
    public static void AddSecrets(this IHostApplicationBuilder builder, string appId)
    {
        builder.Configuration.AddJsonFile("appsettings.secrets.json", optional: true);
        var store = builder.Configuration["Secrets:Store"];
        if (string.IsNullOrWhiteSpace(store))
            return;

        var wait = TimeSpan.FromSeconds(int.TryParse(builder.Configuration["Secrets:SidecarWaitSeconds"], out var seconds) ? seconds : 60);
        var provider = new DaprSecretsProvider(store, appId, wait, builder.Configuration["DAPR_GRPC_ENDPOINT"], builder.Configuration["DAPR_HTTP_ENDPOINT"]);
        ((IConfigurationBuilder)builder.Configuration).Add(new DaprSecretsSource(provider));
        // A failed load is reported by start-up validation, as one message naming the setting, not as a crash.
        builder.Services.AddSingleton<IValidateOptions<DaprSecretsStatus>>(provider);
        builder.Services.AddOptions<DaprSecretsStatus>().ValidateOnStart();
    }

    /// <summary>Only a target for start-up validation of the secret load.</summary>
    public sealed class DaprSecretsStatus;

    private sealed class DaprSecretsSource(DaprSecretsProvider provider) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
    }

    private sealed class DaprSecretsProvider(string store, string appId, TimeSpan wait, string? grpcEndpoint, string? httpEndpoint)
        : ConfigurationProvider, IValidateOptions<DaprSecretsStatus>
    {
        private string? _failure;

        public override void Load()
        {
            var builder = new DaprClientBuilder();
            if (!string.IsNullOrEmpty(grpcEndpoint))
                builder.UseGrpcEndpoint(grpcEndpoint);
            if (!string.IsNullOrEmpty(httpEndpoint))
                builder.UseHttpEndpoint(httpEndpoint);
            using var client = builder.Build();
            try
            {
                using (var timeout = new CancellationTokenSource(wait))
                    client.WaitForSidecarAsync(timeout.Token).GetAwaiter().GetResult();
                var secrets = client.GetBulkSecretAsync(store).GetAwaiter().GetResult();
                var prefix = appId + ConfigurationPath.KeyDelimiter;
                Data = secrets.SelectMany(secret => secret.Value)
                    .ToDictionary(
                        pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal) ? pair.Key[prefix.Length..] : pair.Key,
                        pair => (string?)pair.Value,
                        StringComparer.OrdinalIgnoreCase);
            }
            catch (OperationCanceledException)
            {
                _failure = $"Secrets:Store '{store}': the Dapr sidecar was not ready within {wait.TotalSeconds:0} s (Secrets:SidecarWaitSeconds).";
            }
            catch (DaprException error)
            {
                _failure = $"Secrets:Store '{store}' could not be read through the Dapr sidecar: {error.InnerException?.Message ?? error.Message}";
            }
        }

        public ValidateOptionsResult Validate(string? name, DaprSecretsStatus options) =>
            _failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failure);
    }
}
