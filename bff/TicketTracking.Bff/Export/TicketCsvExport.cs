using System.Globalization;
using CsvHelper;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using TicketTracking.Bff.Responses;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;

namespace TicketTracking.Bff.Export;

/// <summary>
/// <c>GET /api/v1/tickets/export.csv</c>: the tickets a filter lists, as CSV (RFC 4180, CsvHelper), streamed page by
/// page from Tickets with the signed-in user's token, so the export holds exactly what that user may read and the
/// BFF never holds the whole list. Query parameters as for <c>GET /api/v1/tickets</c>: <c>filter.query</c>,
/// <c>filter.statuses</c>, <c>filter.priorities</c>, <c>filter.departmentIds</c>, <c>filter.scope</c>, <c>sort</c>.
/// </summary>
public static class TicketCsvExport
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapTicketCsvExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/tickets/export.csv", ExportAsync);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext http, TicketService.TicketServiceClient tickets)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await ApiErrors.Unauthenticated(http);
            return;
        }
        var (request, problem) = Parse(http.Request.Query);
        if (problem is { } bad)
        {
            await ApiErrors.WriteAsync(http, StatusCodes.Status400BadRequest, Code.InvalidArgument, $"{bad.Field}: {bad.Description}", bad);
            return;
        }

        // Ask for the first page before answering, so a refusal from Tickets is still a proper error response.
        ListTicketsResponse page;
        try
        {
            page = await tickets.ListTicketsAsync(request, cancellationToken: http.RequestAborted);
        }
        catch (RpcException error)
        {
            await ApiErrors.WriteAsync(http, error);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"tickets-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // A cell starting with = + - @ is a formula to spreadsheet programs: CsvHelper escapes it, so a ticket's text
        // cannot run as one when the export is opened (OWASP CSV injection).
        await using var csv = CsvWriter.Create(http.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        foreach (var header in Columns)
            csv.WriteField(header);
        await csv.EndRecordAsync(http.RequestAborted);
        while (true)
        {
            foreach (var ticket in page.Tickets)
            {
                foreach (var value in Row(ticket))
                    csv.WriteField(value);
                await csv.EndRecordAsync(http.RequestAborted);
            }
            await csv.FlushAsync(http.RequestAborted);
            if (page.NextPageToken.Length == 0)
                break;
            request.PageToken = page.NextPageToken;
            page = await tickets.ListTicketsAsync(request, cancellationToken: http.RequestAborted);
        }
    }

    private static readonly string[] Columns =
        ["number", "subject", "status", "priority", "department_id", "category_id", "requester_id", "assignee_id", "tags", "created_at", "updated_at", "resolved_at"];

    private static IEnumerable<string> Row(Ticket ticket) =>
    [
        ticket.Number, ticket.Subject, ticket.Status.ToString(), ticket.Priority.ToString(), ticket.DepartmentId, ticket.CategoryId,
        ticket.RequesterId, ticket.WorkState?.AssigneeId ?? "", string.Join(' ', ticket.Tags),
        Time(ticket.CreatedAt), Time(ticket.UpdatedAt), Time(ticket.ResolvedAt),
    ];

    private static string Time(Timestamp? time) => time?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static (ListTicketsRequest Request, BadRequest.Types.FieldViolation? Problem) Parse(IQueryCollection query)
    {
        var filter = new TicketFilter { Query = query["filter.query"].ToString() };
        var request = new ListTicketsRequest { Filter = filter, PageSize = PageSize };
        BadRequest.Types.FieldViolation? problem = null;
        void Enum<T>(string name, EnumDescriptor descriptor, Action<T> add) where T : struct, System.Enum
        {
            foreach (var value in query[name])
            {
                if (descriptor.FindValueByName(value ?? "") is { Number: > 0 } known)
                    add((T)(object)known.Number);
                else
                    problem ??= new BadRequest.Types.FieldViolation { Field = name, Description = $"'{value}' is not one of the {descriptor.Name} names." };
            }
        }
        Enum<Protos.Tickets.V1.TicketStatus>("filter.statuses", TicketsReflection.Descriptor.FindTypeByName<EnumDescriptor>("TicketStatus"), filter.Statuses.Add);
        Enum<Priority>("filter.priorities", CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>("Priority"), filter.Priorities.Add);
        Enum<TicketScope>("filter.scope", TicketsReflection.Descriptor.FindTypeByName<EnumDescriptor>("TicketScope"), scope => filter.Scope = scope);
        Enum<TicketSort>("sort", TicketsReflection.Descriptor.FindTypeByName<EnumDescriptor>("TicketSort"), sort => request.Sort = sort);
        filter.DepartmentIds.AddRange(query["filter.departmentIds"].OfType<string>());
        return (request, problem);
    }
}
