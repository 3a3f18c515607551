using Grpc.Core;
using Grpc.Net.Client;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Testing;

namespace TicketTracking.SystemTests;

/// <summary>
/// The running stack under test: `make test`'s ports (ARCHITECTURE.md §2, +1000) unless <c>TT_SYSTEM_PORT_OFFSET</c>
/// says otherwise (0 points the tests at `make run`'s stack).
/// </summary>
public static class StackUnderTest
{
    private static readonly int Offset = int.TryParse(Environment.GetEnvironmentVariable("TT_SYSTEM_PORT_OFFSET"), out var offset) ? offset : 1000;

    public static bool IsTestProfile => Offset != 0;

    public static readonly (string App, string Project, int GrpcPort, int HttpPort)[] Services =
    [
        ("auth", "TicketTracking.Auth", 7101 + Offset, 7201 + Offset),
        ("tickets", "TicketTracking.Tickets", 7102 + Offset, 7202 + Offset),
        ("workflow", "TicketTracking.Workflow", 7103 + Offset, 7203 + Offset),
        ("messaging", "TicketTracking.Messaging", 7104 + Offset, 7204 + Offset),
        ("notifications", "TicketTracking.Notifications", 7105 + Offset, 7205 + Offset),
    ];

    public static readonly (string App, int HttpPort)[] Apps =
    [
        .. Services.Select(s => (s.App, s.HttpPort)),
        ("bff", 7200 + Offset),
        ("workflow-worker", 7206 + Offset),
        ("notification-worker", 7207 + Offset),
    ];

    /// <summary>The built-in IT department (seeded by Auth and by Tickets' read copy alike).</summary>
    public const string ItDepartment = "0193a5c0-0000-7000-8000-000000000001";

    public static Uri FrontDoor { get; } = new($"http://127.0.0.1:{8080 + Offset}");

    public static Uri Grpc(string app) => new($"http://127.0.0.1:{Services.Single(s => s.App == app).GrpcPort}");

    public static Uri Http(int port, string path) => new($"http://127.0.0.1:{port}{path}");

    /// <summary>
    /// A channel to <paramref name="app"/> as the "tooling" service account `apps.sh up` provisions (holding Admin),
    /// whose secret `make test` passes in <c>TT_TEST_TOOLING_SECRET</c>.
    /// </summary>
    public static GrpcChannel ToolingChannel(string app) => GrpcChannel.ForAddress(Grpc(app), new GrpcChannelOptions
    {
        UnsafeUseInsecureChannelCallCredentials = true,
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor(async (_, metadata) =>
            metadata.Add("authorization", $"Bearer {await ToolingToken.Value}"))),
    });

    private static readonly Lazy<Task<string>> ToolingToken = new(async () =>
    {
        var secret = Environment.GetEnvironmentVariable("TT_TEST_TOOLING_SECRET")
            ?? throw new InvalidOperationException("TT_TEST_TOOLING_SECRET is not set: run the system tests through make test.");
        using var channel = GrpcChannel.ForAddress(Grpc("auth"));
        var reply = await new ServiceAccountService.ServiceAccountServiceClient(channel)
            .IssueServiceAccountTokenAsync(new IssueServiceAccountTokenRequest { ClientId = "tooling", ClientSecret = secret });
        return reply.AccessToken;
    });

    /// <summary>The repository root, found from the test binary's folder.</summary>
    public static string AppDll(string project) =>
        Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "bin", project, "release", $"{project}.dll");
}
