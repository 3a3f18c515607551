using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

/// <summary>Tickets and categories go only to departments the read copy knows and that are active; Auth is never asked.</summary>
public sealed class DepartmentValidationTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private readonly TicketService.TicketServiceClient _tickets = new(factory.Channel);
    private readonly CategoryService.CategoryServiceClient _categories = new(factory.Channel);

    private Task<CreateTicketResponse> FileAsync(string department) => _tickets.CreateTicketAsync(new CreateTicketRequest
    {
        Subject = "Door badge",
        Description = "Does not open the side door.",
        RequesterId = Guid.CreateVersion7().ToString(),
        DepartmentId = department,
        Priority = Priority.Low,
    }).ResponseAsync;

    /// <summary>A department that existed and was then deactivated in Auth.</summary>
    private async Task<string> DeactivatedDepartmentAsync()
    {
        var department = await factory.NewDepartmentAsync();
        await factory.DeliverAsync(DepartmentReadCopyTests.Change(Guid.Parse(department), 2, "Closed desk", active: false), Guid.CreateVersion7());
        return department;
    }

    private static void ShouldNameTheDepartment(RpcException error, string description)
    {
        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.ViolatedFields().ShouldBe(["department_id"]);
        error.Status.Detail.ShouldContain(description);
    }

    [Fact]
    public async Task A_ticket_for_an_unknown_or_inactive_department_is_refused_naming_the_field()
    {
        var unknown = await Should.ThrowAsync<RpcException>(() => FileAsync(Guid.CreateVersion7().ToString()));
        var inactive = await Should.ThrowAsync<RpcException>(async () => await FileAsync(await DeactivatedDepartmentAsync()));

        ShouldNameTheDepartment(unknown, "not a known department");
        ShouldNameTheDepartment(inactive, "inactive department");
    }

    [Fact]
    public async Task A_department_created_by_an_event_takes_tickets()
    {
        var department = await factory.NewDepartmentAsync();

        var ticket = (await FileAsync(department)).Ticket;

        ticket.DepartmentId.ShouldBe(department);
    }

    [Fact]
    public async Task Moving_a_ticket_to_an_unknown_or_inactive_department_is_refused_naming_the_field()
    {
        var ticket = (await FileAsync(BuiltInDepartments.It.ToString())).Ticket;
        var inactiveDepartment = await DeactivatedDepartmentAsync();

        var unknown = await Should.ThrowAsync<RpcException>(() => _tickets.UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, DepartmentId = Guid.CreateVersion7().ToString(),
        }).ResponseAsync);
        var inactive = await Should.ThrowAsync<RpcException>(() => _tickets.UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, DepartmentId = inactiveDepartment,
        }).ResponseAsync);
        var moved = (await _tickets.UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, DepartmentId = BuiltInDepartments.Asset.ToString() })).Ticket;

        ShouldNameTheDepartment(unknown, "not a known department");
        ShouldNameTheDepartment(inactive, "inactive department");
        moved.DepartmentId.ShouldBe(BuiltInDepartments.Asset.ToString());
    }

    [Fact]
    public async Task A_ticket_stays_editable_in_a_department_deactivated_after_it_was_filed()
    {
        var department = await factory.NewDepartmentAsync();
        var ticket = (await FileAsync(department)).Ticket;
        await factory.DeliverAsync(DepartmentReadCopyTests.Change(Guid.Parse(department), 2, "Closed desk", active: false), Guid.CreateVersion7());

        // The form sends the department back unchanged along with the edit.
        var edited = (await _tickets.UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, DepartmentId = department, Subject = "Door badge (side door)",
        })).Ticket;

        edited.Subject.ShouldBe("Door badge (side door)");
        edited.DepartmentId.ShouldBe(department);
    }

    [Fact]
    public async Task A_category_under_an_unknown_or_inactive_department_is_refused_naming_the_field()
    {
        var unknown = await Should.ThrowAsync<RpcException>(() => _categories.CreateCategoryAsync(new CreateCategoryRequest
        {
            DepartmentId = Guid.CreateVersion7().ToString(), Name = "Ghost desk",
        }).ResponseAsync);
        var inactive = await Should.ThrowAsync<RpcException>(async () => await _categories.CreateCategoryAsync(new CreateCategoryRequest
        {
            DepartmentId = await DeactivatedDepartmentAsync(), Name = "Closed desk",
        }));
        var department = await factory.NewDepartmentAsync();
        var created = (await _categories.CreateCategoryAsync(new CreateCategoryRequest { DepartmentId = department, Name = "Keys" })).Category;

        ShouldNameTheDepartment(unknown, "not a known department");
        ShouldNameTheDepartment(inactive, "inactive department");
        created.DepartmentId.ShouldBe(department);
    }
}
