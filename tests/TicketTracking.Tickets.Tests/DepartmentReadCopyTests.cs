using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Tickets.Domain;
using TicketTracking.Tickets.Events;

namespace TicketTracking.Tickets.Tests;

/// <summary>Auth's department-changed events keep Tickets' read copy of the departments current, once and in version order.</summary>
public sealed class DepartmentReadCopyTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    internal static DepartmentChanged Change(Guid id, long version, string name, bool active = true, bool created = false, string? code = null) => new()
    {
        DepartmentId = id.ToString(),
        AggregateVersion = version,
        Code = code ?? $"D{id:N}"[..16].ToUpperInvariant(),
        Name = name,
        Active = active,
        Created = created,
    };

    private Task<Department?> Copy(Guid id) =>
        factory.WithDatabase(db => db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id));

    [Fact]
    public async Task Every_installation_starts_with_the_built_in_departments_active()
    {
        foreach (var (id, code, name) in BuiltInDepartments.All)
        {
            var department = (await Copy(id)).ShouldNotBeNull();
            department.Code.ShouldBe(code);
            department.Name.ShouldBe(name);
            department.Active.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Events_create_rename_and_deactivate_a_department()
    {
        var id = Guid.CreateVersion7();

        (await factory.DeliverAsync(Change(id, 100, "Facilities", created: true), Guid.CreateVersion7())).ShouldBe(HandlerResult.Success);
        var created = (await Copy(id)).ShouldNotBeNull();
        (await factory.DeliverAsync(Change(id, 200, "Facilities and Buildings"), Guid.CreateVersion7())).ShouldBe(HandlerResult.Success);
        var renamed = (await Copy(id)).ShouldNotBeNull();
        (await factory.DeliverAsync(Change(id, 300, "Facilities and Buildings", active: false), Guid.CreateVersion7())).ShouldBe(HandlerResult.Success);
        var deactivated = (await Copy(id)).ShouldNotBeNull();

        (created.Name, created.Active, created.Version).ShouldBe(("Facilities", true, 100L));
        (renamed.Name, renamed.Active, renamed.Version).ShouldBe(("Facilities and Buildings", true, 200L));
        (deactivated.Name, deactivated.Active, deactivated.Version).ShouldBe(("Facilities and Buildings", false, 300L));
        created.Code.ShouldBe($"D{id:N}"[..16].ToUpperInvariant());
    }

    [Fact]
    public async Task A_redelivered_event_is_acknowledged_with_no_second_effect()
    {
        var id = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        await factory.DeliverAsync(Change(id, 100, "Legal", created: true), eventId);
        var first = (await Copy(id)).ShouldNotBeNull();

        (await factory.DeliverAsync(Change(id, 100, "Legal", created: true), eventId)).ShouldBe(HandlerResult.Success);

        var after = (await Copy(id)).ShouldNotBeNull();
        after.UpdatedAt.ShouldBe(first.UpdatedAt);
        (await factory.WithDatabase(db => db.Set<InboxMessage>()
            .CountAsync(m => m.Consumer == DepartmentChangedConsumer.InboxConsumer && m.MessageId == eventId.ToString()))).ShouldBe(1);
    }

    [Fact]
    public async Task An_older_event_arriving_after_a_newer_one_changes_nothing()
    {
        var id = Guid.CreateVersion7();
        await factory.DeliverAsync(Change(id, 100, "Sales", created: true), Guid.CreateVersion7());
        await factory.DeliverAsync(Change(id, 300, "Sales and Marketing", active: false), Guid.CreateVersion7());

        // A retried delivery of the version-200 change, overtaken by version 300.
        (await factory.DeliverAsync(Change(id, 200, "Sales (old name)"), Guid.CreateVersion7())).ShouldBe(HandlerResult.Success);

        var department = (await Copy(id)).ShouldNotBeNull();
        (department.Name, department.Active, department.Version).ShouldBe(("Sales and Marketing", false, 300L));
    }

    [Fact]
    public async Task An_event_that_can_never_apply_is_dropped()
    {
        (await factory.DeliverAsync(Change(Guid.CreateVersion7(), 0, "Without a version"), Guid.CreateVersion7())).ShouldBe(HandlerResult.Drop);
        (await factory.DeliverAsync(Change(Guid.CreateVersion7(), 100, name: ""), Guid.CreateVersion7())).ShouldBe(HandlerResult.Drop);
        (await factory.DeliverAsync(new DepartmentChanged { DepartmentId = "not-a-uuid", AggregateVersion = 1, Code = "X1", Name = "X" }, Guid.CreateVersion7()))
            .ShouldBe(HandlerResult.Drop);
    }
}

/// <summary>The seeded built-in departments are a starting point: Auth's events replace them (own database: this renames one).</summary>
public sealed class SeededDepartmentTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    [Fact]
    public async Task Any_event_wins_over_a_seeded_department()
    {
        // Auth renamed Budget: the first event about it replaces the seed (version 0), whatever its version.
        (await factory.DeliverAsync(DepartmentReadCopyTests.Change(BuiltInDepartments.Budget, 1, "Budget and Finance", code: "BUDGET"), Guid.CreateVersion7()))
            .ShouldBe(HandlerResult.Success);

        var department = (await factory.WithDatabase(db => db.Departments.AsNoTracking().FirstAsync(d => d.Id == BuiltInDepartments.Budget)));
        (department.Name, department.Active, department.Version).ShouldBe(("Budget and Finance", true, 1L));
    }
}
