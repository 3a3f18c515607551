using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.Tickets.Data;
using Department = TicketTracking.Tickets.Domain.Department;

namespace TicketTracking.Tickets.Events;

/// <summary>
/// Fills the read copy of departments from Auth's <c>ListDepartments</c> once at start-up, retrying with backoff until
/// Auth answers. Events keep the copy current from the moment Tickets' queue exists; this catches what happened
/// before it did (departments created, renamed or deactivated in Auth while no queue collected the events). It adds
/// the departments the copy lacks and updates rows no event has reached yet; rows an event wrote are left to events.
/// Requests never wait for it: the built-in departments are seeded by the migration.
/// </summary>
public sealed partial class DepartmentFill(IServiceScopeFactory scopes, ILogger<DepartmentFill> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (added, updated) = await FillAsync(scope.ServiceProvider, stoppingToken);
                LogFilled(logger, added, updated);
                return;
            }
            catch (Exception error)
            {
                // Stopping cancels the call in flight, which gRPC reports as an RpcException, not a cancellation.
                if (stoppingToken.IsCancellationRequested)
                    return;
                LogFillFailed(logger, error, attempt);
                await Task.Delay(Delay(attempt), stoppingToken);
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s, … at most a minute apart.</summary>
    internal static TimeSpan Delay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempt, 10) - 1), MaxDelay.TotalSeconds));

    /// <returns>How many departments were added to the copy and how many updated.</returns>
    public static async Task<(int Added, int Updated)> FillAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var auth = services.GetRequiredService<DepartmentService.DepartmentServiceClient>();
        var listing = await auth.ListDepartmentsAsync(new ListDepartmentsRequest { IncludeInactive = true }, cancellationToken: cancellationToken);

        var db = services.GetRequiredService<TicketsDbContext>();
        var now = services.GetRequiredService<TimeProvider>().UtcNowForDatabase();
        var copy = await db.Departments.ToDictionaryAsync(d => d.Id, cancellationToken);
        int added = 0, updated = 0;
        foreach (var listed in listing.Departments)
        {
            if (!Guid.TryParse(listed.Id, out var id))
                continue;
            if (!copy.TryGetValue(id, out var department))
            {
                db.Departments.Add(Department.FromListing(id, listed.Code, listed.Name, listed.Active, now));
                added++;
            }
            else if (department.ApplyListing(listed.Code, listed.Name, listed.Active, now))
            {
                updated++;
            }
        }
        // An event writing the same row meanwhile makes this throw (insert conflict or version check): the next
        // attempt starts over from what it wrote.
        await db.SaveChangesAsync(cancellationToken);
        return (added, updated);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Departments filled from Auth: {Added} added, {Updated} updated.")]
    private static partial void LogFilled(ILogger logger, int added, int updated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling departments from Auth failed (attempt {Attempt}); retrying.")]
    private static partial void LogFillFailed(ILogger logger, Exception error, int attempt);
}
