using Microsoft.EntityFrameworkCore.Migrations;
using TicketTracking.Eventing.Outbox;

#nullable disable

namespace TicketTracking.Tickets.Data.Migrations
{
    /// <summary>
    /// The outbox insert trigger's NOTIFY serialised every committing transaction behind PostgreSQL's notify lock; the
    /// relay is now woken in-process, and by a standby's NOTIFY outside any write transaction.
    /// </summary>
    public partial class OutboxWithoutNotifyTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OutboxModel.DropNotifyTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OutboxModel.CreateNotifyTrigger);
        }
    }
}
