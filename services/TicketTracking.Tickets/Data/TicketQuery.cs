using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Data;

/// <summary>What a list or count asks for, already checked: filter criteria in domain terms.</summary>
public sealed record TicketCriteria
{
    public string Text { get; init; } = "";
    public TicketListScope Scope { get; init; }
    public IReadOnlyList<TicketStatus> Statuses { get; init; } = [];
    public IReadOnlyList<TicketPriority> Priorities { get; init; } = [];
    public IReadOnlyList<Guid> DepartmentIds { get; init; } = [];
    public IReadOnlyList<Guid> CategoryIds { get; init; } = [];
    public IReadOnlyList<Guid> SubcategoryIds { get; init; } = [];
    public IReadOnlyList<Guid> AssigneeIds { get; init; } = [];
    public IReadOnlyList<Guid> RequesterIds { get; init; } = [];
    public bool UnassignedOnly { get; init; }
    public IReadOnlyList<SlaState> SlaStates { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public (DateTimeOffset? From, DateTimeOffset? To) Created { get; init; }
    public (DateTimeOffset? From, DateTimeOffset? To) Updated { get; init; }
    public (DateTimeOffset? From, DateTimeOffset? To) Resolved { get; init; }
    public (DateTimeOffset? From, DateTimeOffset? To) SlaDue { get; init; }
}

public enum TicketListScope
{
    Everything,
    RequestedByMe,
    AssignedToMe,
    OwnedByMe,
    Participated,
}

public enum TicketListSort
{
    CreatedDesc,
    CreatedAsc,
    UpdatedDesc,
    PriorityDesc,
    SlaDueAsc,
    Relevance,
}

/// <summary>
/// Ticket lists and counts in one SQL query each: the caller's visibility (own / assigned / all) applied inside the
/// query, full-text search on the trigger-kept <c>search</c> tsvector (GIN) or trigram matching on the subject, a
/// ticket number matched exactly, filters, and keyset paging whose opaque token carries the last row's sort key.
/// "Best match first" ranks windows of the newest matches (<see cref="RelevancePageAsync"/>).
/// </summary>
public static class TicketQuery
{
    public const string SearchColumn = "Search";
    private const string TextConfiguration = "english";

    /// <summary>The default of <see cref="TicketsOptions.RelevanceWindow"/>.</summary>
    public const int DefaultRelevanceWindow = 500;

    /// <summary>The tickets <paramref name="caller"/> may read that match <paramref name="criteria"/>.</summary>
    public static IQueryable<Ticket> Matching(this IQueryable<Ticket> tickets, TicketCriteria criteria, Caller caller)
    {
        var me = caller.Id;
        if (!caller.IsServiceAccount && !caller.Has(TicketPermissions.ReadAll))
        {
            // Composed here rather than with flags inside the SQL: a condition the planner can see lets it use the
            // requester index (a "flag AND column = x" term under OR would make it scan every ticket).
            var own = caller.Has(TicketPermissions.ReadOwn) || caller.Has(TicketPermissions.ReadAssigned);
            var held = caller.Has(TicketPermissions.ReadAssigned);
            tickets = (own, held) switch
            {
                (true, true) => tickets.Where(t => t.RequesterId == me || t.ParticipantIds.Contains(me)),
                (true, false) => tickets.Where(t => t.RequesterId == me),
                (false, true) => tickets.Where(t => t.ParticipantIds.Contains(me)),
                _ => tickets.Where(t => false),
            };
        }
        tickets = criteria.Scope switch
        {
            TicketListScope.RequestedByMe => tickets.Where(t => t.RequesterId == me),
            TicketListScope.AssignedToMe => tickets.Where(t => t.AssigneeId == me),
            TicketListScope.OwnedByMe => tickets.Where(t => t.OwnerId == me),
            TicketListScope.Participated => tickets.Where(t => t.ParticipantIds.Contains(me)),
            _ => tickets,
        };

        tickets = WithText(tickets, criteria.Text);
        if (criteria.Statuses.Count > 0)
            tickets = tickets.Where(t => criteria.Statuses.Contains(t.Status));
        if (criteria.Priorities.Count > 0)
            tickets = tickets.Where(t => criteria.Priorities.Contains(t.Priority));
        if (criteria.DepartmentIds.Count > 0)
            tickets = tickets.Where(t => criteria.DepartmentIds.Contains(t.DepartmentId));
        if (criteria.CategoryIds.Count > 0)
            tickets = tickets.Where(t => t.CategoryId != null && criteria.CategoryIds.Contains(t.CategoryId.Value));
        if (criteria.SubcategoryIds.Count > 0)
            tickets = tickets.Where(t => t.SubcategoryId != null && criteria.SubcategoryIds.Contains(t.SubcategoryId.Value));
        if (criteria.AssigneeIds.Count > 0)
            tickets = tickets.Where(t => t.AssigneeId != null && criteria.AssigneeIds.Contains(t.AssigneeId.Value));
        if (criteria.RequesterIds.Count > 0)
            tickets = tickets.Where(t => criteria.RequesterIds.Contains(t.RequesterId));
        if (criteria.UnassignedOnly)
            tickets = tickets.Where(t => t.AssigneeId == null);
        if (criteria.SlaStates.Count > 0)
            tickets = tickets.Where(t => t.SlaState != null && criteria.SlaStates.Contains(t.SlaState.Value));
        foreach (var tag in criteria.Tags)
            tickets = tickets.Where(t => t.Tags.Contains(tag));
        if (criteria.Created.From is { } createdFrom)
            tickets = tickets.Where(t => t.CreatedAt >= createdFrom);
        if (criteria.Created.To is { } createdTo)
            tickets = tickets.Where(t => t.CreatedAt < createdTo);
        if (criteria.Updated.From is { } updatedFrom)
            tickets = tickets.Where(t => t.UpdatedAt >= updatedFrom);
        if (criteria.Updated.To is { } updatedTo)
            tickets = tickets.Where(t => t.UpdatedAt < updatedTo);
        if (criteria.Resolved.From is { } resolvedFrom)
            tickets = tickets.Where(t => t.ResolvedAt >= resolvedFrom);
        if (criteria.Resolved.To is { } resolvedTo)
            tickets = tickets.Where(t => t.ResolvedAt < resolvedTo);
        if (criteria.SlaDue.From is { } dueFrom)
            tickets = tickets.Where(t => t.SlaDueAt >= dueFrom);
        if (criteria.SlaDue.To is { } dueTo)
            tickets = tickets.Where(t => t.SlaDueAt < dueTo);
        return tickets;
    }

    /// <summary>
    /// A ticket number (<c>TT-000123</c> or its digits) matches the number column exactly; other text matches the
    /// search vector (stemmed words of subject, tags and description) or, for a single word of three characters or
    /// more, part of a word in the subject through the trigram index. Several words go to the search vector only: a
    /// partial-word check of the whole phrase rarely finds more, and testing it on every row the words reject was
    /// most of a two-word search's time at a million tickets (tests/RESULTS.md).
    /// </summary>
    private static IQueryable<Ticket> WithText(IQueryable<Ticket> tickets, string text)
    {
        if (text.Length == 0)
            return tickets;
        if (LooksLikeNumber(text) && Ticket.TryParseNumber(text, out var number))
            return tickets.Where(t => t.Number == number);
        if (text.Length < 3 || text.Any(char.IsWhiteSpace))
            return tickets.Where(t => EF.Property<NpgsqlTsVector>(t, SearchColumn).Matches(EF.Functions.WebSearchToTsQuery(TextConfiguration, text)));
        var pattern = $"%{EscapeLike(text)}%";
        return tickets.Where(t => EF.Property<NpgsqlTsVector>(t, SearchColumn).Matches(EF.Functions.WebSearchToTsQuery(TextConfiguration, text))
            || EF.Functions.ILike(t.Subject, pattern));
    }

    private static bool LooksLikeNumber(string text) =>
        text.StartsWith(Ticket.NumberPrefix, StringComparison.OrdinalIgnoreCase) || text.All(char.IsAsciiDigit);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// One page in the asked order, after the row <paramref name="after"/> (from the previous page's token): one query
    /// for every sort but <see cref="TicketListSort.Relevance"/>, which pages through <see cref="RelevancePageAsync"/>.
    /// The time sorts state "beyond the key" as a plain range on the time column first, so a deep page starts its
    /// index scan at the key instead of walking from the first row.
    /// </summary>
    public static IQueryable<Ticket> Page(this IQueryable<Ticket> tickets, TicketListSort sort, PageKey? after, int pageSize)
    {
        var ordered = sort switch
        {
            TicketListSort.CreatedAsc => After(tickets, after, (t, k) => t.CreatedAt >= k.Time && (t.CreatedAt > k.Time || t.Id > k.Id))
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
            TicketListSort.UpdatedDesc => After(tickets, after, (t, k) => t.UpdatedAt <= k.Time && (t.UpdatedAt < k.Time || t.Id < k.Id))
                .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
            TicketListSort.PriorityDesc => After(tickets, after, (t, k) => PriorityRank(t) < k.Rank
                    || (PriorityRank(t) == k.Rank && (t.CreatedAt < k.Time || (t.CreatedAt == k.Time && t.Id < k.Id))))
                .OrderByDescending(InlinePriorityRank).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
            TicketListSort.SlaDueAsc => SlaPage(tickets, after),
            TicketListSort.Relevance => throw new ArgumentException("Relevance pages come from RelevancePageAsync.", nameof(sort)),
            _ => After(tickets, after, (t, k) => t.CreatedAt <= k.Time && (t.CreatedAt < k.Time || t.Id < k.Id))
                .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        };
        return ordered.Take(pageSize + 1);
    }

    /// <summary>The key of the row a page ended with, for the next page's token (relevance pages make their own).</summary>
    public static PageKey KeyOf(Ticket ticket, TicketListSort sort) => sort switch
    {
        TicketListSort.CreatedAsc or TicketListSort.CreatedDesc => new PageKey(ticket.Id, ticket.CreatedAt, 0, 0),
        TicketListSort.UpdatedDesc => new PageKey(ticket.Id, ticket.UpdatedAt, 0, 0),
        TicketListSort.PriorityDesc => new PageKey(ticket.Id, ticket.CreatedAt, PriorityRankOf(ticket), 0),
        TicketListSort.SlaDueAsc => new PageKey(ticket.Id, ticket.SlaDueAt ?? DateTimeOffset.MaxValue, 0, 0),
        TicketListSort.Relevance => throw new ArgumentException("Relevance pages come from RelevancePageAsync.", nameof(sort)),
        _ => new PageKey(ticket.Id, ticket.CreatedAt, 0, 0),
    };

    /// <summary>
    /// One "best match first" page. Ranking every match cannot meet the 50 ms budget when a common word matches a sixth
    /// of a million tickets (tests/RESULTS.md: 0.4–1 s p95 with GIN, 70–135 ms with a RUM index, growing with the
    /// matches), so the matches are ranked a window at a time: the newest <paramref name="window"/> matches (by
    /// creation, through the created-at index), best rank first (ts_rank: subject and tags above the description),
    /// equal ranks by id, newest first (ids are time-ordered); once a window's pages run out, the next older window
    /// follows. A search matching no more than <paramref name="window"/> tickets is thus ranked exactly; a broader one
    /// shows its best recent matches first, and every match exactly once while paging. The token carries the window's newest match, so tickets filed while
    /// someone pages neither shift the window nor show up in it.
    /// </summary>
    public static async Task<RelevancePage> RelevancePageAsync(this IQueryable<Ticket> matching, string text, PageKey? after, int pageSize, int window,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var top = after is { } key ? new WindowTop(key.Time, key.WindowId) : await NewestAsync(matching, cancellationToken);
        var cursor = after;
        var rows = new List<(RankedTicket Row, WindowTop Top)>();
        while (top is { } current)
        {
            var wanted = pageSize + 1 - rows.Count;
            var found = await RankedWindow(matching, text, current, window, cursor, wanted).ToListAsync(cancellationToken);
            rows.AddRange(found.Select(row => (row, current)));
            if (found.Count == wanted)
                break;
            top = await NextWindowAsync(matching, current, window, cancellationToken);
            cursor = null;
        }
        var page = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new PageKey(page[^1].Row.Ticket.Id, page[^1].Top.Time, 0, page[^1].Row.Relevance, page[^1].Top.Id) : null;
        return new RelevancePage([.. page.Select(p => p.Row)], next);
    }

    /// <summary>
    /// The rows of one window after <paramref name="after"/>, best first: the window's newest matches in a subquery
    /// (it walks the created-at index backwards and stops at <paramref name="window"/>), ranked outside it.
    /// </summary>
    private static IQueryable<RankedTicket> RankedWindow(IQueryable<Ticket> matching, string text, WindowTop top, int window, PageKey? after, int take)
    {
        var (topTime, topId) = (top.Time, top.Id);
        // EF.Functions calls must stay inside the expressions: they only mean something translated to SQL. The bare
        // "created_at <= top" is what PostgreSQL can start the index scan at, so a deep window does not scan from the newest.
        var ranked = matching
            .Where(t => t.CreatedAt <= topTime && (t.CreatedAt < topTime || t.Id <= topId))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(window)
            .Select(t => new { Ticket = t, Rank = EF.Property<NpgsqlTsVector>(t, SearchColumn).Rank(EF.Functions.WebSearchToTsQuery(TextConfiguration, text)) });
        if (after is { } key)
        {
            var rank = (float)key.Relevance;
            var id = key.Id;
            ranked = ranked.Where(r => r.Rank < rank || (r.Rank == rank && r.Ticket.Id < id));
        }
        return ranked.OrderByDescending(r => r.Rank).ThenByDescending(r => r.Ticket.Id).Take(take).Select(r => new RankedTicket(r.Ticket, r.Rank));
    }

    private static async Task<WindowTop?> NewestAsync(IQueryable<Ticket> matching, CancellationToken cancellationToken)
    {
        var newest = await matching.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new { t.CreatedAt, t.Id }).FirstOrDefaultAsync(cancellationToken);
        return newest is null ? null : new WindowTop(newest.CreatedAt, newest.Id);
    }

    /// <summary>The newest match of the window after the one starting at <paramref name="top"/>, if any.</summary>
    private static async Task<WindowTop?> NextWindowAsync(IQueryable<Ticket> matching, WindowTop top, int window, CancellationToken cancellationToken)
    {
        var (topTime, topId) = (top.Time, top.Id);
        var next = await matching
            .Where(t => t.CreatedAt <= topTime && (t.CreatedAt < topTime || t.Id <= topId))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(window)
            .Select(t => new { t.CreatedAt, t.Id }).FirstOrDefaultAsync(cancellationToken);
        return next is null ? null : new WindowTop(next.CreatedAt, next.Id);
    }

    private static IQueryable<Ticket> After(IQueryable<Ticket> tickets, PageKey? after, Expression<Func<Ticket, PageKey, bool>> beyond)
    {
        if (after is not { } key)
            return tickets;
        var parameter = beyond.Parameters[0];
        var body = new KeySubstitution(beyond.Parameters[1], key).Visit(beyond.Body);
        return tickets.Where(Expression.Lambda<Func<Ticket, bool>>(body, parameter));
    }

    private static IOrderedQueryable<Ticket> SlaPage(IQueryable<Ticket> tickets, PageKey? after)
    {
        // Tickets without an SLA come last: they sort as if due at the end of time.
        var never = DateTimeOffset.MaxValue;
        if (after is { } key)
        {
            var due = key.Time;
            var id = key.Id;
            tickets = due == never
                ? tickets.Where(t => t.SlaDueAt == null && t.Id > id)
                : tickets.Where(t => t.SlaDueAt == null || t.SlaDueAt > due || (t.SlaDueAt == due && t.Id > id));
        }
        return tickets.OrderBy(t => t.SlaDueAt == null).ThenBy(t => t.SlaDueAt).ThenBy(t => t.Id);
    }

    /// <summary>Critical 4 … Low 1, as SQL: priorities are stored by name, which sorts alphabetically.</summary>
    private static readonly Expression<Func<Ticket, int>> InlinePriorityRank = t =>
        t.Priority == TicketPriority.Critical ? 4 : t.Priority == TicketPriority.High ? 3 : t.Priority == TicketPriority.Medium ? 2 : 1;

    private static readonly Func<Ticket, int> PriorityRankOf = InlinePriorityRank.Compile();

    /// <summary>Stands for <see cref="InlinePriorityRank"/> inside keyset predicates; replaced before EF Core sees it.</summary>
    private static int PriorityRank(Ticket ticket) => throw new InvalidOperationException($"{ticket.Id}: only for use inside a query.");

    private sealed class KeySubstitution(ParameterExpression keyParameter, PageKey key) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(PriorityRank) && node.Method.DeclaringType == typeof(TicketQuery)
                ? new ParameterReplacement(InlinePriorityRank.Parameters[0], Visit(node.Arguments[0])).Visit(InlinePriorityRank.Body)
                : base.VisitMethodCall(node);

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == keyParameter
                ? Expression.Constant(node.Member switch
                {
                    System.Reflection.PropertyInfo property => property.GetValue(key),
                    _ => throw new InvalidOperationException(node.Member.Name),
                }, node.Type)
                : base.VisitMember(node);
    }
}

public sealed record RankedTicket(Ticket Ticket, float Relevance);

/// <summary>One page of a relevance search, and where the next one starts (none after the last).</summary>
public sealed record RelevancePage(IReadOnlyList<RankedTicket> Rows, PageKey? Next);

/// <summary>A relevance window's newest match: the window is the matches from it on, newest first, as many as it holds.</summary>
public readonly record struct WindowTop(DateTimeOffset Time, Guid Id);

internal sealed class ParameterReplacement(ParameterExpression parameter, Expression replacement)
    : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) =>
        node == parameter ? replacement : base.VisitParameter(node);
}

/// <summary>
/// Where a page ended: the last row's id and sort key; for relevance pages also the window's newest match
/// (<see cref="Time"/> and <see cref="WindowId"/>). Serialized into the opaque page token.
/// </summary>
public sealed record PageKey(Guid Id, DateTimeOffset Time, int Rank, double Relevance, Guid WindowId = default)
{
    public string ToToken(TicketListSort sort) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new TokenBody((int)sort, Id, Time.UtcTicks, Rank, Relevance, WindowId)));

    /// <returns>The key, or an InvalidArgument error when the token is not one this API issued for this sort.</returns>
    public static PageKey? FromToken(string token, TicketListSort sort)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            var body = JsonSerializer.Deserialize<TokenBody>(Base64Url.DecodeFromChars(token));
            // A relevance token without its window is one from before windows (or forged): it cannot say where to go on.
            if (body is not null && body.Sort == (int)sort && (sort != TicketListSort.Relevance || body.WindowId != Guid.Empty))
                return new PageKey(body.Id, new DateTimeOffset(body.Ticks, TimeSpan.Zero), body.Rank, body.Relevance, body.WindowId);
        }
        catch (Exception error) when (error is FormatException or JsonException or ArgumentOutOfRangeException)
        {
        }
        throw GrpcErrors.InvalidArgument("page_token", "is not a token this API issued for this sort; start again without it.");
    }

    private sealed record TokenBody(int Sort, Guid Id, long Ticks, int Rank, double Relevance, Guid WindowId = default);
}
