using Grpc.Core;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Security;

public static class ClientFactsExtensions
{
    private const int MaxUserAgentLength = 512;

    /// <summary>
    /// The end user's address and browser, as the BFF reports them in <c>x-client-ip</c> / <c>x-client-user-agent</c>
    /// (from nginx's X-Real-IP), else the direct peer's. Auth is reachable only inside the service network, where the
    /// only callers setting these headers are our own BFF and tooling.
    /// </summary>
    public static ClientFacts ClientFacts(this ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var ip = context.RequestHeaders.GetValue("x-client-ip") is { Length: > 0 and <= 64 } forwarded
            ? forwarded
            : http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var userAgent = context.RequestHeaders.GetValue("x-client-user-agent") ?? context.RequestHeaders.GetValue("user-agent") ?? "";
        return new ClientFacts(ip, userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent);
    }
}
