using Grpc.Core;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
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
    public async Task Each_change_publishes_the_whole_department_with_a_version_one_higher()
    {
        var created = (await _client.CreateDepartmentAsync(new CreateDepartmentRequest { Code = "legal", Name = "Legal" })).Department;
        var first = await factory.LatestEventAsync<DepartmentChanged>("department-changed", Guid.Parse(created.Id));
        var renamed = (await _client.UpdateDepartmentAsync(new UpdateDepartmentRequest
        {
            Id = created.Id, Name = "Legal and compliance", Active = true, ExpectedVersion = created.Version,
        })).Department;
        var second = await factory.LatestEventAsync<DepartmentChanged>("department-changed", Guid.Parse(created.Id));
        await _client.UpdateDepartmentAsync(new UpdateDepartmentRequest { Id = created.Id, Name = renamed.Name, Active = false, ExpectedVersion = renamed.Version });
        var third = await factory.LatestEventAsync<DepartmentChanged>("department-changed", Guid.Parse(created.Id));

        // Versions count changes, not milliseconds: two changes in the same instant still order.
        (first.AggregateVersion, second.AggregateVersion, third.AggregateVersion).ShouldBe((1L, 2L, 3L));
        (first.Created, second.Name, third.Active).ShouldBe((true, "Legal and compliance", false));
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
