using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace TicketTracking.Tickets.Tests;

/// <summary>
/// Stands in for daprd's gRPC API (no sidecar can run here): records every PublishEvent call, or answers UNAVAILABLE
/// while <see cref="Unavailable"/> is set. PublishEvent is the one call the dapr transport makes.
/// </summary>
public sealed class StubDaprSidecar : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<PublishEventRequest> Published { get; } = new();

    public bool Unavailable { get; set; }

    public string GrpcEndpoint => _app!.Urls.Single();

    public static async Task<StubDaprSidecar> StartAsync()
    {
        var stub = new StubDaprSidecar();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(stub);
        stub._app = builder.Build();
        stub._app.MapGrpcService<SidecarService>();
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
    private static readonly Method<PublishEventRequest, Empty> Publish = new(
        MethodType.Unary, "dapr.proto.runtime.v1.Dapr", nameof(PublishEvent),
        Marshallers.Create(message => message.ToByteArray(), PublishEventRequest.Parser.ParseFrom),
        Marshallers.Create(message => message.ToByteArray(), Empty.Parser.ParseFrom));

    public static void BindService(ServiceBinderBase binder, SidecarService? service) =>
        binder.AddMethod(Publish, service is null ? null : service.PublishEvent);

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        if (stub.Unavailable)
            throw new RpcException(new Status(StatusCode.Unavailable, "The sidecar is not ready."));
        stub.Published.Enqueue(request);
        return Task.FromResult(new Empty());
    }
}
