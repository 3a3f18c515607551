using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Number).HasDefaultValueSql($"nextval('{TicketsDbContext.TicketNumberSequence}')").ValueGeneratedOnAdd();
        builder.HasIndex(t => t.Number).IsUnique();
        builder.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength);
        builder.Property(t => t.Description).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Version).IsRowVersion();
        builder.Property(t => t.Revision).HasDefaultValue(1L);
        builder.Ignore(t => t.DisplayNumber);
        builder.HasIndex(t => new { t.RequesterId, t.CreatedAt });
        builder.Property(t => t.CurrentStepId).HasMaxLength(64);
        builder.Property(t => t.CurrentStepName).HasMaxLength(200);
        builder.Property(t => t.ParticipantIds).HasColumnType("uuid[]");
        builder.Property(t => t.SlaState).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Tags).HasColumnType("text[]");
        builder.Property(t => t.Fields).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");

        // Search (ARCHITECTURE.md §3, §11). The tsvector is kept by a trigger (a generated column cannot read the tags
        // array); EF Core neither writes nor reads it back, only queries it.
        var search = builder.Property<NpgsqlTsVector>(TicketQuery.SearchColumn).IsRequired(false);
        search.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        search.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        builder.HasIndex(TicketQuery.SearchColumn).HasMethod("gin");
        // Part of a word in the subject ("printr" finds nothing in the tsvector, "print" in "printer" does here).
        builder.HasIndex(t => t.Subject).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_tickets_subject_trgm");
        // Keyset orders: newest first and last updated first (scanned backwards), SLA due soonest. Newest first also
        // gathers each relevance window (TicketQuery.RelevancePageAsync).
        builder.HasIndex(t => new { t.CreatedAt, t.Id });
        builder.HasIndex(t => new { t.UpdatedAt, t.Id });
        builder.HasIndex(t => new { t.SlaDueAt, t.Id });
        builder.HasIndex(t => new { t.Status, t.CreatedAt });
        builder.HasIndex(t => new { t.DepartmentId, t.CreatedAt });
        // Counts per department and status (list tabs, reports) from the index alone: an index-only scan instead of
        // reading a third of the table.
        builder.HasIndex(t => new { t.DepartmentId, t.Status });
        builder.HasIndex(t => new { t.AssigneeId, t.CreatedAt });
        builder.HasIndex(t => t.ParticipantIds).HasMethod("gin");
    }
}
