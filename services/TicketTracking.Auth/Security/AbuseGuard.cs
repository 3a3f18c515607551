using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Auth.Security;

/// <summary>
/// Per-IP throttling of credential checks inside the service (nginx limits too, but tooling reaches Auth without
/// nginx). A sliding minute per client address; going over answers ResourceExhausted.
/// </summary>
public sealed class AbuseGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AbuseGuard(IOptions<AuthOptions> options)
    {
        var perMinute = options.Value.CredentialAttemptsPerMinutePerIp;
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetSlidingWindowLimiter(ip, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
    }

    public void Admit(string ipAddress)
    {
        using var lease = _limiter.AttemptAcquire(ipAddress);
        if (!lease.IsAcquired)
            throw GrpcErrors.Build(Google.Rpc.Code.ResourceExhausted, "Too many attempts from your address; wait a minute and try again.", "RATE_LIMITED");
    }

    public void Dispose() => _limiter.Dispose();
}
