using Microsoft.EntityFrameworkCore;
using TicketTracking.Auth.Domain;

namespace TicketTracking.Auth.Data;

public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthDbContext).Assembly);
}
