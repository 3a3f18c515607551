using UUIDNext;

namespace TicketTracking.ServiceDefaults.Grpc;

public static class Ids
{
    /// <summary>
    /// A new UUIDv7 that sorts after every id this process made before, also within one millisecond, in PostgreSQL's
    /// uuid order: keyset pages and "in creation order" lists rely on it.
    /// </summary>
    public static Guid New() => Uuid.NewDatabaseFriendly(Database.PostgreSql);

    /// <summary>Proto ids are strings where empty means "not set"; call after FieldViolations checked the format.</summary>
    public static Guid? Optional(string id) => string.IsNullOrEmpty(id) ? null : Guid.Parse(id);

    public static string ToProto(Guid? id) => id?.ToString() ?? "";
}
