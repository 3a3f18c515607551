using System.ComponentModel.DataAnnotations;
using TicketTracking.ServiceDefaults.Hosting;

namespace TicketTracking.ServiceDefaults.Tests;

public sealed class HostingOptionsTests
{
    private static List<string> Errors(HostingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Container_defaults_are_valid() => Errors(new HostingOptions()).ShouldBeEmpty();

    [Fact]
    public void Bad_bind_address_is_named_by_its_key() =>
        Errors(new HostingOptions { BindAddress = "localhost:80" }).ShouldHaveSingleItem().ShouldContain("Hosting:BindAddress");

    [Fact]
    public void One_port_for_both_protocols_is_rejected() =>
        Errors(new HostingOptions { GrpcPort = 7000, HttpPort = 7000 }).ShouldHaveSingleItem().ShouldContain("Hosting:GrpcPort");

    [Fact]
    public void Out_of_range_port_is_named_by_its_key() =>
        Errors(new HostingOptions { HttpPort = 70000 }).ShouldHaveSingleItem().ShouldContain("Hosting:HttpPort");
}
