using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TicketTracking.Testing;

/// <summary>
/// Stands in for daprd (no sidecar can run here), serving the calls our apps make: gRPC PublishEvent (recorded, or
/// UNAVAILABLE while <see cref="Unavailable"/> is set) and GetBulkSecret (from <see cref="Secrets"/>), and HTTP
/// <c>/v1.0/healthz/outbound</c> (204 once <see cref="Ready"/>).
/// </summary>
public sealed class StubDaprSidecar : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<PublishEventRequest> Published { get; } = new();

    public bool Unavailable { get; set; }

    public bool Ready { get; set; } = true;

    /// <summary>Secret name → value, as the local.file store flattens them.</summary>
    public Dictionary<string, string> Secrets { get; } = [];

    public string GrpcEndpoint => Address(HttpProtocols.Http2);

    public string HttpEndpoint => Address(HttpProtocols.Http1);

    private string Address(HttpProtocols protocols) =>
        _app!.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses
            .ElementAt(protocols == HttpProtocols.Http2 ? 0 : 1);

    public static async Task<StubDaprSidecar> StartAsync()
    {
        var stub = new StubDaprSidecar();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(stub);
        stub._app = builder.Build();
        stub._app.MapGrpcService<SidecarService>();
        stub._app.MapGet("/v1.0/healthz/outbound", () => stub.Ready ? Results.NoContent() : Results.StatusCode(500));
        await stub._app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>
/// <c>dapr.proto.runtime.v1.Dapr</c>, reduced to PublishEvent (the SDK ships only the client stub). grpc-dotnet binds
/// only virtual methods declared on the bound type, as generated service bases have them.
/// </summary>
[BindServiceMethod(typeof(SidecarService), nameof(BindService))]
public class SidecarService(StubDaprSidecar stub)
{
    private static readonly Method<PublishEventRequest, Empty> Publish = Unary<PublishEventRequest, Empty>(nameof(PublishEvent));
    private static readonly Method<GetBulkSecretRequest, GetBulkSecretResponse> BulkSecret =
        Unary<GetBulkSecretRequest, GetBulkSecretResponse>(nameof(GetBulkSecret));

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new() =>
        new(MethodType.Unary, "dapr.proto.runtime.v1.Dapr", name,
            Marshallers.Create(message => message.ToByteArray(), new MessageParser<TRequest>(() => new TRequest()).ParseFrom),
            Marshallers.Create(message => message.ToByteArray(), new MessageParser<TResponse>(() => new TResponse()).ParseFrom));

    public static void BindService(ServiceBinderBase binder, SidecarService? service)
    {
        binder.AddMethod(Publish, service is null ? null : service.PublishEvent);
        binder.AddMethod(BulkSecret, service is null ? null : service.GetBulkSecret);
    }

    public virtual Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context)
    {
        var response = new GetBulkSecretResponse();
        foreach (var (name, value) in stub.Secrets)
            response.Data[name] = new SecretResponse { Secrets = { [name] = value } };
        return Task.FromResult(response);
    }

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        if (stub.Unavailable)
            throw new RpcException(new Status(StatusCode.Unavailable, "The sidecar is not ready."));
        stub.Published.Enqueue(request);
        return Task.FromResult(new Empty());
    }
}
