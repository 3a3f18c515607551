using System.Buffers.Text;

namespace TicketTracking.ServiceDefaults.Grpc;

/// <summary>
/// Keyset paging over UUIDv7 ids (time-ordered): the opaque page token is the last id of the previous page, so pages
/// stay stable while rows are added.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>0 means the default; anything above the maximum is cut to it; negative is an error.</summary>
    public static int PageSize(int requested) => requested switch
    {
        < 0 => throw GrpcErrors.InvalidArgument("page_size", "must not be negative."),
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };

    public static string Token(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    /// <returns>The id after which the page starts, or null for the first page.</returns>
    public static Guid? After(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
            return null;
        var bytes = new byte[16];
        if (Base64Url.IsValid(pageToken, out var length) && length == 16 && Base64Url.TryDecodeFromChars(pageToken, bytes, out _))
            return new Guid(bytes, bigEndian: true);
        throw GrpcErrors.InvalidArgument("page_token", "is not a token this API issued.");
    }

    /// <summary>
    /// Splits rows fetched with <c>Take(pageSize + 1)</c> into the page and the next page's token (empty when this is
    /// the last page): the extra row only tells whether there is more.
    /// </summary>
    public static (List<T> Items, string NextPageToken) Split<T>(List<T> fetched, int pageSize, Func<T, Guid> id)
    {
        if (fetched.Count <= pageSize)
            return (fetched, string.Empty);
        var items = fetched[..pageSize];
        return (items, Token(id(items[^1])));
    }
}
