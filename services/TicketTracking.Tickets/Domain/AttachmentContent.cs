using System.IO.Compression;
using System.Text;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// Tells an upload's type from its bytes, never from the type the client claims. Fed chunk by chunk: the leading
/// bytes decide the family (a format's signature, or text) so a refused type stops the upload early; text is checked
/// to the last byte (valid UTF-8, no NUL). Families whose members share one container are told apart by looking
/// inside (zip: Office Open XML and OpenDocument packages) or, where the bytes cannot tell, by the file's extension
/// within the family (an OLE2 container is a .doc, .xls, .ppt or .msg; text may be .csv or .eml).
/// No NuGet package that sniffs content is served to this project, hence the table here.
/// </summary>
public sealed class AttachmentContent
{
    public static readonly IReadOnlyList<string> DefaultAllowedTypes =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
        "text/plain", "text/csv", "message/rfc822",
        "application/zip",
        Docx, Xlsx, Pptx,
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.ms-outlook",
    ];

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    private const string OleStorage = "application/x-ole-storage";

    // Enough for every signature below, and for text to show it is text.
    private const int HeadLength = 512;

    private enum Family { Undecided, Unknown, Fixed, Zip, Ole, Text }

    private static readonly (byte[] Signature, string Type)[] Signatures =
    [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ("%PDF-"u8.ToArray(), "application/pdf"),
    ];

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly HashSet<string> _allowed;
    private readonly byte[] _head = new byte[HeadLength];
    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _decoded = new char[4096];
    private int _headLength;
    private Family _family;
    private string _fixedType = "";

    public AttachmentContent(IEnumerable<string> allowedTypes) => _allowed = new(allowedTypes, StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes the next bytes; false as soon as they show a type that is not allowed (the upload should stop).</summary>
    public bool Accept(ReadOnlySpan<byte> chunk)
    {
        if (_family == Family.Undecided)
        {
            var take = Math.Min(chunk.Length, HeadLength - _headLength);
            chunk[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
            chunk = chunk[take..];
            if (_headLength < HeadLength)
                return true;
            Decide(atEnd: false);
            if (!MayBeAllowed())
                return false;
        }
        return _family != Family.Text || IsText(chunk, flush: false);
    }

    /// <summary>
    /// The content type, once every byte was accepted, or null if it is unknown or not allowed.
    /// <paramref name="openContent"/> opens the whole content for a look inside containers.
    /// </summary>
    public string? Finish(string fileName, Func<Stream> openContent)
    {
        if (_family == Family.Undecided)
        {
            Decide(atEnd: true);
            if (!MayBeAllowed())
                return null;
        }
        var type = _family switch
        {
            Family.Fixed => _fixedType,
            Family.Zip => InsideZip(openContent),
            Family.Ole => OleByExtension(fileName),
            Family.Text when IsText([], flush: true) => TextByExtension(fileName),
            _ => null,
        };
        return type is not null && _allowed.Contains(type) ? type : null;
    }

    private void Decide(bool atEnd)
    {
        var head = _head.AsSpan(0, _headLength);
        foreach (var (signature, type) in Signatures)
        {
            if (head.StartsWith(signature))
            {
                (_family, _fixedType) = (Family.Fixed, type);
                return;
            }
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            (_family, _fixedType) = (Family.Fixed, "image/webp");
        else if (head.StartsWith(ZipSignature))
            _family = Family.Zip;
        else if (head.StartsWith(OleSignature))
            _family = Family.Ole;
        else
        {
            _family = Family.Text;
            if (!IsText(head, flush: atEnd))
                _family = Family.Unknown;
        }
    }

    /// <summary>Whether some type the family can turn out to be is allowed (the rest is known at the end).</summary>
    private bool MayBeAllowed() => _family switch
    {
        Family.Fixed => _allowed.Contains(_fixedType),
        Family.Zip => _allowed.Overlaps([Docx, Xlsx, Pptx, "application/zip"]) || _allowed.Any(t => t.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal)),
        Family.Ole => _allowed.Overlaps(["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.ms-outlook", OleStorage]),
        Family.Text => _allowed.Overlaps(["text/plain", "text/csv", "message/rfc822"]),
        _ => false,
    };

    /// <summary>Decodes as UTF-8, carrying a character split across chunks; NUL or an invalid byte means binary.</summary>
    private bool IsText(ReadOnlySpan<byte> bytes, bool flush)
    {
        if (bytes.Contains((byte)0))
            return false;
        try
        {
            // Convert works through any length with a small buffer; the characters themselves are not needed.
            do
            {
                _utf8.Convert(bytes, _decoded, flush, out var used, out _, out _);
                bytes = bytes[used..];
            }
            while (!bytes.IsEmpty);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string? InsideZip(Func<Stream> openContent)
    {
        try
        {
            using var zip = new ZipArchive(openContent(), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is not null)
            {
                if (zip.GetEntry("word/document.xml") is not null)
                    return Docx;
                if (zip.GetEntry("xl/workbook.xml") is not null)
                    return Xlsx;
                if (zip.GetEntry("ppt/presentation.xml") is not null)
                    return Pptx;
            }
            // OpenDocument names its type in a small stored "mimetype" entry; read at most a line of it.
            if (zip.GetEntry("mimetype") is { Length: < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var declared = reader.ReadToEnd().Trim();
                if (declared.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal))
                    return declared;
            }
            return "application/zip";
        }
        catch (InvalidDataException)
        {
            return null; // a zip signature on something that is not a readable zip
        }
    }

    private static string OleByExtension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".doc" or ".dot" => "application/msword",
        ".xls" or ".xlt" => "application/vnd.ms-excel",
        ".ppt" or ".pot" => "application/vnd.ms-powerpoint",
        ".msg" => "application/vnd.ms-outlook",
        _ => OleStorage,
    };

    private static string TextByExtension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".eml" => "message/rfc822",
        _ => "text/plain",
    };
}
