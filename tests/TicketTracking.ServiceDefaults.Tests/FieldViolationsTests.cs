using Grpc.Core;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Testing;

namespace TicketTracking.ServiceDefaults.Tests;

public sealed class FieldViolationsTests
{
    [Fact]
    public void Every_bad_field_is_reported_in_one_error()
    {
        var error = Should.Throw<RpcException>(() => new FieldViolations()
            .Required("subject", " ")
            .MaxLength("description", new string('x', 11), 10)
            .Uuid("requester_id", "nope")
            .Uuid("category_id", "", required: false)
            .ThrowIfAny());

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["subject", "description", "requester_id"]);
        error.Reason().ShouldBe("INVALID_ARGUMENT");
    }

    [Fact]
    public void Valid_input_throws_nothing() =>
        Should.NotThrow(() => new FieldViolations().Required("subject", "Printer jam").Uuid("id", Guid.NewGuid().ToString()).ThrowIfAny());
}
