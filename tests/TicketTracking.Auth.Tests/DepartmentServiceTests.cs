using Grpc.Core;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Testing;

namespace TicketTracking.Auth.Tests;

public sealed class DepartmentServiceTests(AuthFactory factory) : IClassFixture<AuthFactory>, IAsyncLifetime
{
    private DepartmentService.DepartmentServiceClient _client = null!;

    public async ValueTask InitializeAsync() => _client = new(await factory.AdminChannelAsync());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_new_installation_has_the_IT_Asset_and_Budget_departments()
    {
        var reply = await _client.ListDepartmentsAsync(new ListDepartmentsRequest());

        reply.Departments.Select(d => d.Code).ShouldContain("IT");
        reply.Departments.Select(d => d.Code).ShouldContain("ASSET");
        reply.Departments.Select(d => d.Code).ShouldContain("BUDGET");
    }

    [Fact]
    public async Task A_created_department_is_stored_and_read_back()
    {
        var created = (await _client.CreateDepartmentAsync(new CreateDepartmentRequest
        {
            Code = "facilities",
            Name = " Facilities ",
            Description = "Buildings and rooms.",
        })).Department;

        created.Code.ShouldBe("FACILITIES");
        created.Name.ShouldBe("Facilities");
        created.Active.ShouldBeTrue();
        created.Version.ShouldBeGreaterThan(0);

        var read = (await _client.GetDepartmentAsync(new GetDepartmentRequest { Id = created.Id })).Department;
        read.ShouldBe(created);
        var stored = await factory.WithDatabase(db => Task.FromResult(db.Departments.Single(d => d.Code == "FACILITIES")));
        stored.Id.ToString().ShouldBe(created.Id);
    }

    [Fact]
    public async Task A_duplicate_code_is_rejected_as_already_existing()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.CreateDepartmentAsync(new CreateDepartmentRequest { Code = "it", Name = "Another IT" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.AlreadyExists);
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.CreateDepartmentAsync(new CreateDepartmentRequest { Code = "1 bad", Name = "" }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["code", "name"]);
    }

    [Fact]
    public async Task An_unknown_department_is_not_found()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            _client.GetDepartmentAsync(new GetDepartmentRequest { Id = Guid.CreateVersion7().ToString() }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
    }
}
