using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data;

public sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : DbContext(options)
{
    public const string TicketNumberSequence = "ticket_number_seq";

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketHistoryEntry> History => Set<TicketHistoryEntry>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Subcategory> Subcategories => Set<Subcategory>();

    public DbSet<SavedView> SavedViews => Set<SavedView>();

    /// <summary>The read copy of Auth's departments.</summary>
    public DbSet<Department> Departments => Set<Department>();

    /// <summary>Draws the next ticket number from the sequence (numbers are never reused, even after a rollback).</summary>
    public async Task<long> NextTicketNumberAsync(CancellationToken cancellationToken) =>
        await Database.SqlQueryRaw<long>($"SELECT nextval('{TicketNumberSequence}') AS \"Value\"").SingleAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(TicketNumberSequence);
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TicketsDbContext).Assembly);
    }
}
