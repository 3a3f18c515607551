using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using TicketTracking.Tickets.Data;
using NpgsqlTypes;

#nullable disable

namespace TicketTracking.Tickets.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchAndWorkState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<Guid>(
                name: "assignee_id",
                table: "tickets",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "current_step_id",
                table: "tickets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "current_step_name",
                table: "tickets",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "owner_id",
                table: "tickets",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "participant_ids",
                table: "tickets",
                type: "uuid[]",
                nullable: false,
                // Edited by hand: tickets filed before this migration have had no participants.
                defaultValueSql: "'{}'::uuid[]");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search",
                table: "tickets",
                type: "tsvector",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sla_due_at",
                table: "tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sla_state",
                table: "tickets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "task_id",
                table: "tickets",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "work_state_updated_at",
                table: "tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "work_state_version",
                table: "tickets",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_assignee_id_created_at",
                table: "tickets",
                columns: new[] { "assignee_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_created_at_id",
                table: "tickets",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_department_id_created_at",
                table: "tickets",
                columns: new[] { "department_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_participant_ids",
                table: "tickets",
                column: "participant_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_search",
                table: "tickets",
                column: "search")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_sla_due_at_id",
                table: "tickets",
                columns: new[] { "sla_due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_status_created_at",
                table: "tickets",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_subject_trgm",
                table: "tickets",
                column: "subject")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_updated_at_id",
                table: "tickets",
                columns: new[] { "updated_at", "id" });

            migrationBuilder.Sql(TicketSearchTrigger.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TicketSearchTrigger.Drop);

            migrationBuilder.DropIndex(
                name: "ix_tickets_assignee_id_created_at",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_created_at_id",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_department_id_created_at",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_participant_ids",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_search",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_sla_due_at_id",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_status_created_at",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_subject_trgm",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_updated_at_id",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "assignee_id",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "current_step_id",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "current_step_name",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "participant_ids",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "search",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "sla_due_at",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "sla_state",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "task_id",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "work_state_updated_at",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "work_state_version",
                table: "tickets");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
