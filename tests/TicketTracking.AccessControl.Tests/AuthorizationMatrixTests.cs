using Google.Rpc;
using Grpc.Core;
using TicketTracking.Auth.Domain;
using TicketTracking.Protos.Common.V1;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.AccessControl.Tests;

/// <summary>
/// Every RPC of every service, found in the compiled proto descriptors (not a hand-kept list), called as every kind of
/// caller: the access rule its proto declares must decide, and nothing else. A new RPC without a declared rule fails
/// <see cref="Every_rpc_declares_who_may_call_it"/>, and is refused to everyone until it does.
/// </summary>
public sealed class AuthorizationMatrixTests(StackFixture stack) : IClassFixture<StackFixture>
{
    private static IEnumerable<MethodAccess> ServiceMethods => MethodAccessCatalog.AllContracts()
        .Where(m => m.Method.Service.File.Package.StartsWith("tickettracking.", StringComparison.Ordinal))
        .OrderBy(m => m.Path, StringComparer.Ordinal);

    [Fact]
    public void Every_rpc_declares_who_may_call_it()
    {
        var undeclared = ServiceMethods.Where(m => m.Access is null).Select(m => m.Path).ToList();
        var unknownPermissions = ServiceMethods
            .SelectMany(m => (m.Access?.Permissions ?? []).Where(p => !Permissions.Exists(p)).Select(p => $"{m.Path}: {p}"))
            .ToList();

        ServiceMethods.Count().ShouldBeGreaterThan(100);
        undeclared.ShouldBeEmpty("RPCs without an access option");
        unknownPermissions.ShouldBeEmpty("access options naming permissions Auth does not know");
        ServiceMethods.Where(m => m.Access is { Anonymous: false, SignedIn: false, ServiceAccounts: false } a && a.Permissions.Count == 0)
            .Select(m => m.Path).ShouldBeEmpty("access options that admit nobody");
    }

    [Fact]
    public async Task Every_caller_is_admitted_or_refused_exactly_as_each_rpc_declares()
    {
        var wrong = new List<string>();
        var served = 0;
        foreach (var method in ServiceMethods)
        {
            var service = stack.Services[Area(method)];
            var outcomes = new Dictionary<MatrixCaller, RpcOutcome>();
            foreach (var caller in stack.Callers)
                outcomes[caller] = await RpcProbe.CallAsync(service.ChannelWithToken(caller.Token), method.Method);

            // A service the app does not serve yet answers Unimplemented to everyone, before any access check.
            if (outcomes.Values.All(o => o.NotServed))
                continue;
            served++;
            foreach (var (caller, outcome) in outcomes)
            {
                var expected = Admits(method.Access!, caller);
                if (outcome.RefusedByAccessRules == expected)
                    wrong.Add($"{method.Path} as {caller}: expected {(expected ? "admitted" : "refused")}, got {outcome}");
                if (!expected && caller.Token is null && outcome.Code != StatusCode.Unauthenticated)
                    wrong.Add($"{method.Path} as {caller}: a refused anonymous call must be Unauthenticated, got {outcome}");
            }
        }

        wrong.ShouldBeEmpty();
        served.ShouldBeGreaterThan(40);
    }

    private static bool Admits(Access access, MatrixCaller caller) =>
        access.Anonymous
        || (caller.Token is not null
            && (access.SignedIn || (access.ServiceAccounts && caller.IsServiceAccount) || access.Permissions.Any(caller.Permissions.Contains)));

    /// <summary><c>tickettracking.tickets.v1</c> → <c>tickets</c>.</summary>
    private static string Area(MethodAccess method) => method.Method.Service.File.Package.Split('.')[1];
}
