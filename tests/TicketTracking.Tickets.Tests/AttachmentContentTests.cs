using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Tests;

/// <summary>Content sniffing without I/O: the bytes decide, the extension only names a member of a family the bytes chose.</summary>
public sealed class AttachmentContentTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 }, "photo.png", "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1 }, "x.txt", "image/gif")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "x.doc", "application/pdf")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P', 1 }, "x", "image/webp")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0 }, "budget.xls", "application/vnd.ms-excel")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i' }, "notes", "text/plain")]
    public void The_type_comes_from_the_bytes(byte[] content, string fileName, string expected)
    {
        var sniffer = new AttachmentContent(AttachmentContent.DefaultAllowedTypes);

        sniffer.Accept(content).ShouldBeTrue();
        sniffer.Finish(fileName, () => new MemoryStream(content)).ShouldBe(expected);
    }

    [Fact]
    public void A_character_split_across_chunks_is_still_text()
    {
        var euro = "price: 5 €"u8.ToArray();
        var sniffer = new AttachmentContent(AttachmentContent.DefaultAllowedTypes);

        sniffer.Accept(euro.AsSpan(..^2)).ShouldBeTrue();
        sniffer.Accept(euro.AsSpan(^2..)).ShouldBeTrue();
        sniffer.Finish("a.txt", () => new MemoryStream(euro)).ShouldBe("text/plain");
    }

    [Fact]
    public void Text_cut_off_mid_character_is_not_text()
    {
        var cut = "5 €"u8.ToArray()[..^1];
        var sniffer = new AttachmentContent(AttachmentContent.DefaultAllowedTypes);

        sniffer.Accept(cut);
        sniffer.Finish("a.txt", () => new MemoryStream(cut)).ShouldBeNull();
    }

    [Fact]
    public void A_refused_family_stops_the_upload_at_its_leading_bytes()
    {
        var onlyImages = new AttachmentContent(["image/png"]);
        byte[] pdf = [.. "%PDF-1.7"u8, .. new byte[600]];

        onlyImages.Accept(pdf).ShouldBeFalse();
    }

    [Fact]
    public void An_ole_container_with_an_unknown_extension_is_not_allowed_by_default()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        var sniffer = new AttachmentContent(AttachmentContent.DefaultAllowedTypes);

        sniffer.Accept(ole);
        sniffer.Finish("setup.msi", () => new MemoryStream(ole)).ShouldBeNull();
    }

    [Fact]
    public void A_long_name_is_cut_to_255_characters_keeping_its_extension()
    {
        var name = Attachment.CleanFileName(new string('a', 300) + ".pdf");

        name!.Length.ShouldBe(255);
        name.ShouldEndWith("a.pdf");
    }
}
