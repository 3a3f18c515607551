using System.Reflection;
using Google.Protobuf.Reflection;
using TicketTracking.Protos.Common.V1;

namespace TicketTracking.ServiceDefaults.Security;

/// <summary>One RPC and the access its proto declares (null when it declares none, so nobody may call it).</summary>
public sealed record MethodAccess(MethodDescriptor Method, Access? Access)
{
    /// <summary>The gRPC path, e.g. <c>/tickettracking.auth.v1.UserService/GetUser</c>.</summary>
    public string Path => $"/{Method.Service.FullName}/{Method.Name}";
}

/// <summary>
/// The <c>(tickettracking.common.v1.access)</c> option of every RPC compiled into the given assemblies, read from the
/// generated descriptors, so the rule lives beside the RPC in its .proto and nowhere else.
/// </summary>
public sealed class MethodAccessCatalog
{
    private readonly Dictionary<string, MethodAccess> _byPath;

    public MethodAccessCatalog(IEnumerable<Assembly> assemblies) =>
        _byPath = assemblies.Distinct()
            .SelectMany(FileDescriptors)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Select(method => new MethodAccess(method, method.GetOptions()?.GetExtension(AccessExtensions.Access)))
            .ToDictionary(m => m.Path, StringComparer.Ordinal);

    /// <summary>The catalog of every internal contract (the TicketTracking.Protos assembly) plus <paramref name="more"/>.</summary>
    public static MethodAccessCatalog ForContracts(params Assembly[] more) => new([typeof(AccessReflection).Assembly, .. more]);

    public IReadOnlyCollection<MethodAccess> Methods => _byPath.Values;

    public MethodAccess? Find(string path) => _byPath.GetValueOrDefault(path);

    private static IEnumerable<FileDescriptor> FileDescriptors(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => type is { IsAbstract: true, IsSealed: true } && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
}
