using Grpc.Core;
using TicketTracking.Protos.Auth.V1;

namespace TicketTracking.Auth.Tests;

/// <summary>Auth allowing 5 credential checks a minute per client address.</summary>
public sealed class StrictlyThrottledAuthFactory : AuthFactory
{
    protected override int CredentialAttemptsPerMinutePerIp => 5;
}

public sealed class ThrottlingTests(StrictlyThrottledAuthFactory factory) : IClassFixture<StrictlyThrottledAuthFactory>
{
    private readonly SessionService.SessionServiceClient _sessions = new(factory.Channel);

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_throttled_inside_the_service()
    {
        var fromOneAddress = new Metadata { { "x-client-ip", "203.0.113.77" } };
        var codes = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var error = await Should.ThrowAsync<RpcException>(() => _sessions.LoginAsync(
                new LoginRequest { Email = $"probe{i}@example.com", Password = "not the password" }, fromOneAddress).ResponseAsync);
            codes.Add(error.StatusCode);
        }

        codes.Take(5).ShouldAllBe(code => code == StatusCode.Unauthenticated);
        codes[5].ShouldBe(StatusCode.ResourceExhausted);
        var elsewhere = await Should.ThrowAsync<RpcException>(() => _sessions.LoginAsync(
            new LoginRequest { Email = "probe@example.com", Password = "not the password" }, new Metadata { { "x-client-ip", "203.0.113.78" } }).ResponseAsync);
        elsewhere.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }
}
