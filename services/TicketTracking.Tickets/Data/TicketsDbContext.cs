using Microsoft.EntityFrameworkCore;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data;

public sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : DbContext(options)
{
    public const string TicketNumberSequence = "ticket_number_seq";

    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(TicketNumberSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TicketsDbContext).Assembly);
    }
}
