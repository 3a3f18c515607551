using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Auth;
using TicketTracking.Auth.Data;
using TicketTracking.Auth.Security;
using TicketTracking.Testing;
using TicketTracking.Tickets.Events;
using AuthDepartment = TicketTracking.Auth.Domain.Department;
using AuthProtos = TicketTracking.Protos.Auth.V1;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;
using Department = TicketTracking.Tickets.Domain.Department;
using DomainServiceAccount = TicketTracking.Auth.Domain.ServiceAccount;

namespace TicketTracking.Tickets.Tests;

/// <summary>
/// A real Auth in memory whose departments changed before Tickets subscribed (one added, IT renamed, Asset
/// deactivated), and Tickets signing in to it with its own service account.
/// </summary>
public sealed class AuthWithEarlierDepartments : IAsyncLifetime
{
    public AuthWithEarlierDepartments()
    {
        Tickets = new FillingTickets(this);
    }

    public AuthServiceFactory<AuthApp, AuthDbContext> Auth { get; } = new();

    public TicketsFactory Tickets { get; }

    /// <summary>Created in Auth while Tickets had no queue: no event about it ever reaches Tickets.</summary>
    public Guid Hr { get; private set; }

    private string _clientSecret = "";

    public async ValueTask InitializeAsync()
    {
        await Auth.InitializeAsync();
        _clientSecret = SecretTokens.New();
        var now = DateTimeOffset.UtcNow;
        Hr = await Auth.WithDatabase(async db =>
        {
            db.ServiceAccounts.Add(DomainServiceAccount.Create("tickets", "Tickets", "", [], SecretTokens.Hash(_clientSecret), now));
            var hr = AuthDepartment.Create("HR", "Human Resources", "", now);
            db.Departments.Add(hr);
            var it = await db.Departments.SingleAsync(d => d.Id == BuiltInDepartments.It);
            it.Update("Information Technology", it.Description, active: true);
            var asset = await db.Departments.SingleAsync(d => d.Id == BuiltInDepartments.Asset);
            asset.Update(asset.Name, asset.Description, active: false);
            await db.SaveChangesAsync();
            return hr.Id;
        });
        await Tickets.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Tickets.DisposeAsync();
        await Auth.DisposeAsync();
    }

    private sealed class FillingTickets(AuthWithEarlierDepartments stack) : TicketsFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Services:Auth", "http://auth.test");
            builder.UseSetting("ServiceAccount:ClientId", "tickets");
            builder.UseSetting("ServiceAccount:ClientSecret", stack._clientSecret);
            builder.ConfigureTestServices(services =>
            {
                services.AddGrpcClient<AuthProtos.DepartmentService.DepartmentServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Auth.Server.CreateHandler());
                services.AddGrpcClient<AuthProtos.ServiceAccountService.ServiceAccountServiceClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stack.Auth.Server.CreateHandler());
            });
        }
    }
}

/// <summary>At start-up Tickets fills its read copy from Auth's ListDepartments, catching what no event told it.</summary>
public sealed class DepartmentFillTests(AuthWithEarlierDepartments stack) : IClassFixture<AuthWithEarlierDepartments>
{
    private Task<Dictionary<Guid, Department>> CopyAsync() =>
        stack.Tickets.WithDatabase(db => db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id));

    /// <summary>The host starts with the first use of its services; the fill runs in the background from there.</summary>
    private async Task<Dictionary<Guid, Department>> FilledCopyAsync()
    {
        await Eventually.Until(async () => (await CopyAsync()).ContainsKey(stack.Hr), TimeSpan.FromSeconds(15));
        return await CopyAsync();
    }

    [Fact]
    public async Task Start_up_adds_what_auth_lists_and_updates_rows_no_event_reached()
    {
        var copy = await FilledCopyAsync();

        (copy[stack.Hr].Code, copy[stack.Hr].Name, copy[stack.Hr].Active).ShouldBe(("HR", "Human Resources", true));
        copy[BuiltInDepartments.It].Name.ShouldBe("Information Technology");
        copy[BuiltInDepartments.Asset].Active.ShouldBeFalse();
        (copy[BuiltInDepartments.Budget].Name, copy[BuiltInDepartments.Budget].Active).ShouldBe(("Budget", true));
        copy[stack.Hr].Version.ShouldBe(0L, "a listing carries no event version: any event about HR wins over it");
    }

    [Fact]
    public async Task A_fill_leaves_rows_an_event_wrote_to_the_events()
    {
        await FilledCopyAsync();
        var legal = await stack.Auth.WithDatabase(async db =>
        {
            var department = AuthDepartment.Create("LEGAL", "Legal", "", DateTimeOffset.UtcNow);
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            return department.Id;
        });
        (await stack.Tickets.DeliverAsync(DepartmentReadCopyTests.Change(legal, 500, "Legal and Compliance", code: "LEGAL"), Guid.CreateVersion7()))
            .ShouldBe(Eventing.Inbound.HandlerResult.Success);

        // Auth's listing says "Legal"; the copy's row came from an event, and only a newer event may change it.
        using var scope = stack.Tickets.Services.CreateScope();
        var (added, updated) = await DepartmentFill.FillAsync(scope.ServiceProvider, CancellationToken.None);

        (added, updated).ShouldBe((0, 0));
        var copy = (await CopyAsync())[legal];
        (copy.Name, copy.Version).ShouldBe(("Legal and Compliance", 500L));
    }
}
