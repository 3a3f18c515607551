using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using SavedView = TicketTracking.Tickets.Domain.SavedView;

namespace TicketTracking.Tickets.Grpc;

/// <summary>Saved ticket lists. A view stores a filter, not tickets: running it never widens what its user may read.</summary>
public sealed class SavedViewGrpcService(TicketsDbContext db, TimeProvider clock) : SavedViewService.SavedViewServiceBase
{
    /// <summary>Shared views appear for everyone, so only administrators make them.</summary>
    private const string SharePermission = "users.manage";

    public override async Task<CreateSavedViewResponse> CreateSavedView(CreateSavedViewRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var filter = Check(request.Name, request.Filter, request.Sort, request.Columns, request.Shared, caller);
        await RequireUniqueNameAsync(caller.Id, request.Name, except: null, context.CancellationToken);
        var now = clock.UtcNowForDatabase();
        var view = SavedView.Create(caller.Id, now);
        view.Set(request.Name, filter, (int)request.Sort, request.Columns, request.Pinned, request.Shared, now);
        db.SavedViews.Add(view);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateSavedViewResponse { SavedView = ToProto(view) };
    }

    public override async Task<ListSavedViewsResponse> ListSavedViews(ListSavedViewsRequest request, ServerCallContext context)
    {
        var me = context.GetCaller().Id;
        var views = await db.SavedViews.AsNoTracking()
            .Where(v => v.OwnerId == me || (request.IncludeShared && v.Shared))
            .OrderBy(v => v.Name)
            .ToListAsync(context.CancellationToken);
        return new ListSavedViewsResponse { SavedViews = { views.Select(ToProto) } };
    }

    public override async Task<UpdateSavedViewResponse> UpdateSavedView(UpdateSavedViewRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var filter = Check(request.Name, request.Filter, request.Sort, request.Columns, request.Shared, caller);
        var view = await OwnAsync(request.Id, caller, context.CancellationToken);
        GrpcErrors.ExpectVersion(view.Version, request.ExpectedVersion, "The view");
        await RequireUniqueNameAsync(caller.Id, request.Name, except: view.Id, context.CancellationToken);
        view.Set(request.Name, filter, (int)request.Sort, request.Columns, request.Pinned, request.Shared, clock.UtcNowForDatabase());
        await db.SaveChangesAsync(context.CancellationToken);
        return new UpdateSavedViewResponse { SavedView = ToProto(view) };
    }

    public override async Task<DeleteSavedViewResponse> DeleteSavedView(DeleteSavedViewRequest request, ServerCallContext context)
    {
        var view = await OwnAsync(request.Id, context.GetCaller(), context.CancellationToken);
        db.SavedViews.Remove(view);
        await db.SaveChangesAsync(context.CancellationToken);
        return new DeleteSavedViewResponse();
    }

    /// <returns>The filter as stored JSON, after checking it the way ListTickets will.</returns>
    private static string Check(string name, TicketFilter? filter, TicketSort sort, RepeatedField<string> columns, bool shared, Caller caller)
    {
        new FieldViolations()
            .Required("name", name)
            .MaxLength("name", name, SavedView.MaxNameLength)
            .Check(System.Enum.IsDefined(sort), "sort", "must be a ticket sort.")
            .Check(columns.Count <= SavedView.MaxColumns, "columns", $"at most {SavedView.MaxColumns} columns.")
            .Check(!shared || caller.Has(SharePermission), "shared", "only administrators share views.")
            .ThrowIfAny();
        filter ??= new TicketFilter();
        TicketGrpcService.Criteria(filter);
        return JsonFormatter.Default.Format(filter);
    }

    private async Task RequireUniqueNameAsync(Guid owner, string name, Guid? except, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.SavedViews.AnyAsync(v => v.OwnerId == owner && v.Name == trimmed && v.Id != except, ct))
            throw GrpcErrors.AlreadyExists($"You already have a view named '{trimmed}'.");
    }

    /// <summary>The caller's own view; someone else's (even a shared one) is answered as missing for changes.</summary>
    private async Task<SavedView> OwnAsync(string id, Caller caller, CancellationToken ct)
    {
        new FieldViolations().Uuid("id", id).ThrowIfAny();
        var guid = Guid.Parse(id);
        return await db.SavedViews.FirstOrDefaultAsync(v => v.Id == guid && v.OwnerId == caller.Id, ct) ?? throw GrpcErrors.NotFound("Saved view", id);
    }

    private static Protos.Tickets.V1.SavedView ToProto(SavedView view) => new()
    {
        Id = view.Id.ToString(),
        OwnerId = view.OwnerId.ToString(),
        Name = view.Name,
        Filter = JsonParser.Default.Parse<TicketFilter>(view.Filter),
        Sort = (TicketSort)view.Sort,
        Columns = { view.Columns },
        Pinned = view.Pinned,
        Shared = view.Shared,
        CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(view.UpdatedAt),
        Version = view.Version,
    };
}
