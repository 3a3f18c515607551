using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Domain;
using DomainSlaState = TicketTracking.Tickets.Domain.SlaState;
using DomainStatus = TicketTracking.Tickets.Domain.TicketStatus;
using Ticket = TicketTracking.Tickets.Domain.Ticket;

namespace TicketTracking.Tickets.Grpc;

/// <summary>Lists, search and counts over the tickets the caller may read.</summary>
public sealed partial class TicketGrpcService
{
    private const int MaxQueryLength = 200;

    public override async Task<ListTicketsResponse> ListTickets(ListTicketsRequest request, ServerCallContext context)
    {
        var criteria = Criteria(request.Filter ?? new TicketFilter());
        var sort = Sort(request.Sort, criteria.Text);
        var pageSize = Paging.PageSize(request.PageSize);
        var after = PageKey.FromToken(request.PageToken, sort);
        var matching = db.Tickets.AsNoTracking().Matching(criteria, context.GetCaller());

        if (sort == TicketListSort.Relevance)
        {
            var ranked = await matching.RelevancePageAsync(criteria.Text, after, pageSize, options.Value.RelevanceWindow, context.CancellationToken);
            return new ListTicketsResponse { Tickets = { ranked.Rows.Select(r => ToProto(r.Ticket)) }, NextPageToken = ranked.Next?.ToToken(sort) ?? "" };
        }

        var fetched = await matching.Page(sort, after, pageSize).ToListAsync(context.CancellationToken);
        var page = fetched.Take(pageSize).ToList();
        var next = fetched.Count > pageSize ? TicketQuery.KeyOf(page[^1], sort).ToToken(sort) : "";
        return new ListTicketsResponse { Tickets = { page.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<CountTicketsResponse> CountTickets(CountTicketsRequest request, ServerCallContext context)
    {
        var matching = db.Tickets.AsNoTracking().Matching(Criteria(request.Filter ?? new TicketFilter()), context.GetCaller());
        if (!request.ByStatus)
            return new CountTicketsResponse { Total = await matching.LongCountAsync(context.CancellationToken) };
        var counts = await matching.GroupBy(t => t.Status).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToListAsync(context.CancellationToken);
        return new CountTicketsResponse
        {
            Total = counts.Sum(c => c.Count),
            ByStatus = { counts.OrderBy(c => c.Status).Select(c => new TicketStatusCount { Status = ToProto(c.Status), Count = c.Count }) },
        };
    }

    private static TicketListSort Sort(TicketSort sort, string text) => sort switch
    {
        TicketSort.CreatedAsc => TicketListSort.CreatedAsc,
        TicketSort.UpdatedDesc => TicketListSort.UpdatedDesc,
        TicketSort.PriorityDesc => TicketListSort.PriorityDesc,
        TicketSort.SlaDueAsc => TicketListSort.SlaDueAsc,
        TicketSort.Relevance when text.Length > 0 && !IsNumberQuery(text) => TicketListSort.Relevance,
        TicketSort.Relevance => throw GrpcErrors.InvalidArgument("sort", "RELEVANCE needs a text query in filter.query."),
        // Newest first, or best match first when searching for words.
        TicketSort.Unspecified when text.Length > 0 && !IsNumberQuery(text) => TicketListSort.Relevance,
        _ => TicketListSort.CreatedDesc,
    };

    private static bool IsNumberQuery(string text) =>
        (text.StartsWith(Ticket.NumberPrefix, StringComparison.OrdinalIgnoreCase) || text.All(char.IsAsciiDigit)) && Ticket.TryParseNumber(text, out _);

    /// <summary>The filter in domain terms, every bad criterion named at once.</summary>
    internal static TicketCriteria Criteria(TicketFilter filter)
    {
        var violations = new FieldViolations().MaxLength("filter.query", filter.Query, MaxQueryLength);
        List<Guid> Ids(string field, IEnumerable<string> values)
        {
            var ids = new List<Guid>();
            foreach (var value in values)
            {
                if (Guid.TryParse(value, out var id))
                    ids.Add(id);
                else
                    violations.Add(field, $"'{value}' is not a UUID.");
            }
            return ids;
        }
        List<TEnum> Enums<TProto, TEnum>(string field, IEnumerable<TProto> values) where TProto : struct, System.Enum where TEnum : struct, System.Enum
        {
            var result = new List<TEnum>();
            foreach (var value in values)
            {
                if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0 && System.Enum.IsDefined(value) && System.Enum.TryParse<TEnum>(value.ToString(), out var parsed))
                    result.Add(parsed);
                else
                    violations.Add(field, $"'{value}' is not allowed here.");
            }
            return result;
        }
        (DateTimeOffset?, DateTimeOffset?) Interval(TimeInterval? interval) => (interval?.StartTime?.ToDateTimeOffset(), interval?.EndTime?.ToDateTimeOffset());

        var criteria = new TicketCriteria
        {
            Text = filter.Query.Trim(),
            Scope = filter.Scope switch
            {
                TicketScope.RequestedByMe => TicketListScope.RequestedByMe,
                TicketScope.AssignedToMe => TicketListScope.AssignedToMe,
                TicketScope.OwnedByMe => TicketListScope.OwnedByMe,
                TicketScope.Participated => TicketListScope.Participated,
                _ => TicketListScope.Everything,
            },
            Statuses = Enums<Protos.Tickets.V1.TicketStatus, DomainStatus>("filter.statuses", filter.Statuses),
            Priorities = Enums<Priority, TicketPriority>("filter.priorities", filter.Priorities),
            DepartmentIds = Ids("filter.department_ids", filter.DepartmentIds),
            CategoryIds = Ids("filter.category_ids", filter.CategoryIds),
            SubcategoryIds = Ids("filter.subcategory_ids", filter.SubcategoryIds),
            AssigneeIds = Ids("filter.assignee_ids", filter.AssigneeIds),
            RequesterIds = Ids("filter.requester_ids", filter.RequesterIds),
            UnassignedOnly = filter.UnassignedOnly,
            SlaStates = Enums<Protos.Common.V1.SlaState, DomainSlaState>("filter.sla_states", filter.SlaStates),
            Tags = Ticket.NormalizeTags(filter.Tags),
            Created = Interval(filter.Created),
            Updated = Interval(filter.Updated),
            Resolved = Interval(filter.Resolved),
            SlaDue = Interval(filter.SlaDue),
        };
        violations.ThrowIfAny();
        return criteria;
    }
}
