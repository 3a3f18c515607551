using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TicketTracking.ServiceDefaults.Hosting;

/// <summary>
/// One h2c port for gRPC and one HTTP/1.1 port for everything else: a cleartext port cannot negotiate
/// HTTP/2 and HTTP/1.1 (no TLS, so no ALPN).
/// </summary>
internal sealed class KestrelSetup(IOptions<HostingOptions> hosting) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var settings = hosting.Value;
        var address = IPAddress.Parse(settings.BindAddress);
        if (settings.GrpcPort > 0)
            options.Listen(address, settings.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        options.Listen(address, settings.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        options.AddServerHeader = false;
    }
}
