using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.ServiceDefaults.Security;

public static class AccessControlExtensions
{
    /// <summary>Access-token validation and the per-RPC access rules, for every app (called by AddServiceDefaults).</summary>
    internal static void AddAccessControl(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MethodAccessCatalog>();
        builder.Services.AddSingleton<SigningKeyCache>();
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddSingleton<AccessControlInterceptor>();
    }

    /// <summary>Validates access tokens with the public keys Auth publishes (every app but Auth itself).</summary>
    public static IHostApplicationBuilder AddSigningKeysFromAuth(this IHostApplicationBuilder builder)
    {
        builder.AddServiceClient<SigningKeyService.SigningKeyServiceClient>("Auth");
        builder.Services.AddSingleton<ISigningKeySource, RemoteSigningKeySource>();
        return builder;
    }

    /// <summary>
    /// This app's own service account (<see cref="ServiceAccountOptions"/>), for calls it makes on its own behalf;
    /// attach it to a client with <see cref="WithServiceAccountToken"/>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceAccount(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceAccountOptions>().BindConfiguration(ServiceAccountOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceClient<ServiceAccountService.ServiceAccountServiceClient>("Auth");
        builder.Services.AddSingleton<IServiceAccountTokens, ServiceAccountTokens>();
        return builder;
    }

    /// <summary>
    /// Calls on behalf of the caller being served: the incoming call's access token goes with every call of the
    /// client, so the service called applies that caller's permissions and object-level rules, not this app's.
    /// </summary>
    public static IHttpClientBuilder WithCallerToken(this IHttpClientBuilder client)
    {
        client.Services.AddHttpContextAccessor();
        return client
            .AddCallCredentials((_, metadata, services) =>
            {
                if (services.GetRequiredService<IHttpContextAccessor>().HttpContext?.FindCaller() is { } caller)
                    metadata.Add("authorization", $"Bearer {caller.AccessToken}");
                return Task.CompletedTask;
            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
    }

    /// <summary>Sends this app's service-account token with every call of the client.</summary>
    public static IHttpClientBuilder WithServiceAccountToken(this IHttpClientBuilder client) =>
        client
            .AddCallCredentials(async (_, metadata, services) =>
                metadata.Add("authorization", $"Bearer {await services.GetRequiredService<IServiceAccountTokens>().GetAsync(CancellationToken.None)}"))
            // Inside the compose network and on loopback the services speak h2c; the token still has to travel.
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
}
