using System.ComponentModel.DataAnnotations;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Tickets;

/// <summary>Tickets' settings (section <c>Tickets</c>).</summary>
public sealed class TicketsOptions
{
    public const string Section = "Tickets";
    public const int MaxReasonLength = 2000;

    /// <summary>How long after its resolution a requester may still reopen a ticket (staff may any time).</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The media volume: attachments live here, one file per SHA-256. Shared by every replica.</summary>
    [Required(ErrorMessage = "Tickets:MediaPath is missing: set it to the folder attachments are kept in (the media volume).")]
    public string MediaPath { get; set; } = "";

    /// <summary>The largest attachment accepted (25 MB by default; nginx's client_max_body_size must stay above it).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Tickets:MaxAttachmentBytes must be a positive number of bytes.")]
    public long MaxAttachmentBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// The content types an attachment may have, as detected from its bytes (see <see cref="Domain.AttachmentContent"/>);
    /// empty means the built-in list, <see cref="Domain.AttachmentContent.DefaultAllowedTypes"/>.
    /// </summary>
    public string[] AllowedAttachmentTypes { get; set; } = [];

    public IReadOnlyList<string> AllowedTypes => AllowedAttachmentTypes is { Length: > 0 } configured ? configured : Domain.AttachmentContent.DefaultAllowedTypes;

    /// <summary>
    /// "Best match first" ranks the newest this many matching tickets at a time (ARCHITECTURE.md §3): exact ranking
    /// when a search matches no more than this, and a cost that does not grow with the number of matches when it
    /// matches more (the next window follows once a window's pages run out). Bigger ranks more at once, and costs more:
    /// 500 keeps two-word searches at a million tickets under the 50 ms budget (tests/RESULTS.md).
    /// </summary>
    [Range(1, 100_000)]
    public int RelevanceWindow { get; set; } = TicketQuery.DefaultRelevanceWindow;
}
