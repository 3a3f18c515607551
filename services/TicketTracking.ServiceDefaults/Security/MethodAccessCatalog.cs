using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using TicketTracking.Protos.Common.V1;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>One RPC and the access its proto declares (null when it declares none, so nobody may call it).</summary>
public sealed record MethodAccess(MethodDescriptor Method, Access? Access)
{
    /// <summary>The gRPC path, e.g. <c>/tickettracking.auth.v1.UserService/GetUser</c>.</summary>
    public string Path => $"/{Method.Service.FullName}/{Method.Name}";
}

/// <summary>
/// The <c>(tickettracking.common.v1.access)</c> option of each RPC, read from the generated descriptors, so the rule
/// lives beside the RPC in its .proto and nowhere else. An app looks up only the services it serves, on their first
/// call: building the descriptors of every contract in the shared proto assembly would load thousands of types and
/// cost every app megabytes it never uses.
/// </summary>
public sealed class MethodAccessCatalog
{
    private readonly ConcurrentDictionary<string, MethodAccess?> _byPath = new(StringComparer.Ordinal);

    /// <summary>The RPC being served, resolved through the generated service class its endpoint is bound to.</summary>
    public MethodAccess? Find(ServerCallContext context) => _byPath.GetOrAdd(context.Method, static (path, context) =>
    {
        var implementation = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType;
        var method = implementation is null ? null : ServiceOf(implementation)?.FindMethodByName(path[(path.LastIndexOf('/') + 1)..]);
        return method is null ? null : Describe(method);
    }, context);

    /// <summary>
    /// Every RPC compiled into the internal contracts (the TicketTracking.Protos assembly) and <paramref name="more"/>:
    /// for tests that check every declaration.
    /// </summary>
    public static IReadOnlyList<MethodAccess> AllContracts(params Assembly[] more) =>
        [.. new[] { typeof(AccessReflection).Assembly }.Concat(more).Distinct()
            .SelectMany(FileDescriptors)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Select(Describe)];

    private static MethodAccess Describe(MethodDescriptor method) => new(method, method.GetOptions()?.GetExtension(AccessExtensions.Access));

    // Generated service bases carry [BindServiceMethod(typeof(XxxService), ...)]; XxxService.Descriptor is the service.
    private static ServiceDescriptor? ServiceOf(Type implementation)
    {
        for (var type = implementation; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind)
                return bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ServiceDescriptor;
        }
        return null;
    }

    private static IEnumerable<FileDescriptor> FileDescriptors(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => type is { IsAbstract: true, IsSealed: true } && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
}
