using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>The gRPC address of another service, from <c>Services:{Name}</c>.</summary>
public sealed class ServiceAddressOptions
{
    public Uri? Address { get; set; }
}

public static class ServiceClientExtensions
{
    /// <summary>Deadline for calls that do not set their own.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers a typed gRPC client for the service named <paramref name="service"/> (e.g. "Tickets"): address from
    /// <c>Services:Tickets</c> (validated at start-up), a default deadline, and retries of Unavailable only (safe
    /// for every call, because the request never reached the server's handler or the handler is idempotent by key).
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IHostApplicationBuilder builder, string service)
        where TClient : ClientBase
    {
        // Several clients of one service share its address, validated (and reported when missing) once.
        if (!builder.Services.Any(d => d.ImplementationInstance is RegisteredServiceAddress registered && registered.Service == service))
        {
            builder.Services.AddSingleton(new RegisteredServiceAddress(service));
            var key = $"Services:{service}";
            builder.Services.AddOptions<ServiceAddressOptions>(service)
                .Configure<IConfiguration>((options, configuration) =>
                    options.Address = Uri.TryCreate(configuration[key], UriKind.Absolute, out var uri) ? uri : null)
                .Validate(options => options.Address is { Scheme: "http" or "https" },
                    $"{key} is missing or not an http(s) URL: set it to the {service} service's gRPC address, e.g. http://127.0.0.1:7102.")
                .ValidateOnStart();
        }

        return builder.Services
            .AddGrpcClient<TClient>((services, options) =>
                options.Address = services.GetRequiredService<IOptionsMonitor<ServiceAddressOptions>>().Get(service).Address)
            .ConfigureChannel(channel => channel.ServiceConfig = RetryUnavailable)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            })
            .AddInterceptor(() => new DefaultDeadlineInterceptor(DefaultDeadline));
    }

    private sealed record RegisteredServiceAddress(string Service);

    private static readonly ServiceConfig RetryUnavailable = new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = 4,
                    InitialBackoff = TimeSpan.FromMilliseconds(200),
                    MaxBackoff = TimeSpan.FromSeconds(2),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };
}
