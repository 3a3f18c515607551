using System.Globalization;
using System.Text;
using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

/// <summary>A file on a ticket. Its bytes live on the media volume under their SHA-256, shared by every identical upload.</summary>
public sealed class Attachment
{
    public const int MaxFileNameLength = 255;

    private Attachment()
    {
    }

    public Guid Id { get; private set; }

    public Guid TicketId { get; private set; }

    public string FileName { get; private set; } = "";

    /// <summary>As detected from the content (<see cref="AttachmentContent"/>), never as the client claimed.</summary>
    public string ContentType { get; private set; } = "";

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the content: its name on the media volume.</summary>
    public string Sha256 { get; private set; } = "";

    public Guid UploadedById { get; private set; }

    /// <summary>Staff only, like an internal note.</summary>
    public bool Internal { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Attachment Create(Guid ticketId, string fileName, string contentType, long sizeBytes, string sha256, Guid uploadedById, bool isInternal, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        TicketId = ticketId,
        FileName = fileName,
        ContentType = contentType,
        SizeBytes = sizeBytes,
        Sha256 = sha256,
        UploadedById = uploadedById,
        Internal = isInternal,
        CreatedAt = now,
    };

    /// <summary>
    /// The name to keep: the last path segment of what the client sent (either slash), without control and
    /// invisible formatting characters (a right-to-left override can disguise "exe.pdf"), at most 255 characters
    /// with the extension kept. Null when nothing usable is left. The name is only ever shown and sent back in a
    /// header; it never becomes a path.
    /// </summary>
    public static string? CleanFileName(string fileName)
    {
        var lastSegment = fileName.Replace('\\', '/').Split('/')[^1];
        var kept = new StringBuilder(lastSegment.Length);
        foreach (var rune in lastSegment.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned))
                kept.Append(rune);
        }
        var name = kept.ToString().Trim().TrimEnd('.');
        if (name.Length == 0 || name.All(c => c == '.'))
            return null;
        if (name.Length <= MaxFileNameLength)
            return name;
        var extension = Path.GetExtension(name);
        extension = extension.Length <= 16 ? extension : "";
        var stem = name[..(MaxFileNameLength - extension.Length)];
        // Never cut a character in half.
        return (char.IsHighSurrogate(stem[^1]) ? stem[..^1] : stem) + extension;
    }
}
