using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TicketTracking.ServiceDefaults.Hosting;

/// <summary>Where the app listens (section <c>Hosting</c>). Containers use the defaults; local runs bind loopback ports.</summary>
public sealed class HostingOptions : IValidatableObject
{
    public const string Section = "Hosting";

    /// <summary>Address every endpoint binds to (<c>Hosting:BindAddress</c>).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Cleartext HTTP/2 (h2c) port for gRPC (<c>Hosting:GrpcPort</c>); 0 for apps that serve no gRPC.</summary>
    [Range(0, 65535, ErrorMessage = "Hosting:GrpcPort must be 0 (none) or a port number up to 65535.")]
    public int GrpcPort { get; set; } = 8081;

    /// <summary>HTTP/1.1 port for health, metrics, JSON and Dapr routes (<c>Hosting:HttpPort</c>).</summary>
    [Range(1, 65535, ErrorMessage = "Hosting:HttpPort must be a port number from 1 to 65535.")]
    public int HttpPort { get; set; } = 8080;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out _))
            yield return new ValidationResult($"Hosting:BindAddress '{BindAddress}' is not an IP address.");
        if (GrpcPort == HttpPort)
            yield return new ValidationResult("Hosting:GrpcPort and Hosting:HttpPort must differ: one cleartext port cannot serve both HTTP/2 and HTTP/1.1.");
    }
}
