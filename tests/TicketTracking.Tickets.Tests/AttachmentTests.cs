using System.IO.Compression;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets.Domain;

namespace TicketTracking.Tickets.Tests;

/// <summary>Attachments: streamed in and out, typed by content, stored once per SHA-256, kept inside the media folder, shown only to whom may see them.</summary>
public sealed class AttachmentTests(SmallAttachmentsFactory factory) : IClassFixture<SmallAttachmentsFactory>
{
    private static readonly TestIdentity Requester = TestIdentity.User("tickets.create", "tickets.read.own");
    private static readonly TestIdentity Stranger = TestIdentity.User("tickets.create", "tickets.read.own");
    private static readonly TestIdentity Coordinator = TestIdentity.User("tickets.read.own", "tickets.read.all");

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(300)];

    private AttachmentService.AttachmentServiceClient Attachments(TestIdentity identity) => new(factory.ChannelAs(identity));

    [Fact]
    public async Task An_upload_comes_back_byte_for_byte_typed_by_its_content_not_by_the_claim()
    {
        var number = await NewTicketAsync();

        var uploaded = await UploadAsync(Requester, number, "screenshot.jpg", Png, claimedType: "image/jpeg", chunkSize: 100);
        var (metadata, content) = await DownloadAsync(Requester, number, uploaded.Id);

        uploaded.ContentType.ShouldBe("image/png");
        uploaded.SizeBytes.ShouldBe(Png.Length);
        uploaded.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Png)));
        uploaded.UploadedById.ShouldBe(Requester.Id.ToString());
        metadata.ShouldBe(uploaded);
        content.ShouldBe(Png);
        (await Attachments(Requester).ListAttachmentsAsync(new ListAttachmentsRequest { TicketNumber = number })).Attachments.ShouldBe([uploaded]);
    }

    [Fact]
    public async Task Identical_content_is_stored_once_however_often_and_wherever_it_is_attached()
    {
        var content = Text("The same log, attached twice.\n");
        var first = await UploadAsync(Requester, await NewTicketAsync(), "error.log", content);
        var second = await UploadAsync(Requester, await NewTicketAsync(), "error-again.log", content);

        second.Id.ShouldNotBe(first.Id);
        second.Sha256.ShouldBe(first.Sha256);
        StoredFiles().Count(f => Path.GetFileName(f) == first.Sha256).ShouldBe(1);
    }

    [Fact]
    public async Task A_program_named_like_a_pdf_is_refused_and_leaves_nothing_behind()
    {
        var number = await NewTicketAsync();
        byte[] program = [(byte)'M', (byte)'Z', 0x90, 0x00, .. RandomNumberGenerator.GetBytes(700)];

        var error = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "invoice.pdf", program, claimedType: "application/pdf"));

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Reason().ShouldBe("ATTACHMENT_TYPE_NOT_ALLOWED");
        StoredFiles().ShouldNotContain(f => Path.GetFileName(f) == Convert.ToHexStringLower(SHA256.HashData(program)));
        Directory.GetFiles(Path.Combine(factory.MediaFolder, "incoming")).ShouldBeEmpty();
        (await Attachments(Requester).ListAttachmentsAsync(new ListAttachmentsRequest { TicketNumber = number })).Attachments.ShouldBeEmpty();
    }

    [Fact]
    public async Task Text_must_be_text_to_the_last_byte()
    {
        var number = await NewTicketAsync();
        byte[] textThenBinary = [.. Text(new string('a', 600)), 0x00, 0xFF, 0xFE];

        var csv = await UploadAsync(Requester, number, "costs.csv", Text("item,amount\nmonitor,120\n"));
        var error = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "notes.txt", textThenBinary));

        csv.ContentType.ShouldBe("text/csv");
        error.Reason().ShouldBe("ATTACHMENT_TYPE_NOT_ALLOWED");
    }

    [Fact]
    public async Task Office_documents_are_told_from_plain_zip_archives_by_what_is_inside()
    {
        var number = await NewTicketAsync();

        var docx = await UploadAsync(Requester, number, "report.zip", Zip("[Content_Types].xml", "word/document.xml"));
        var zip = await UploadAsync(Requester, number, "logs.docx", Zip("app.log"));

        docx.ContentType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        zip.ContentType.ShouldBe("application/zip");
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_any_byte_is_sent()
    {
        var number = await NewTicketAsync();
        using var call = Attachments(Requester).UploadAttachment();

        await call.RequestStream.WriteAsync(Metadata(number, "big.txt", size: SmallAttachmentsFactory.Limit + 1));
        var error = await Should.ThrowAsync<RpcException>(() => call.ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        error.Reason().ShouldBe("ATTACHMENT_TOO_LARGE");
    }

    [Fact]
    public async Task An_undeclared_upload_is_stopped_when_it_passes_the_limit_and_nothing_is_kept()
    {
        var number = await NewTicketAsync();
        var tooBig = Text(new string('x', SmallAttachmentsFactory.Limit + 1));

        var error = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "big.txt", tooBig, chunkSize: 1000));
        var exactlyTheLimit = await UploadAsync(Requester, number, "limit.txt", tooBig[..SmallAttachmentsFactory.Limit]);

        error.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        exactlyTheLimit.SizeBytes.ShouldBe(SmallAttachmentsFactory.Limit);
        Directory.GetFiles(Path.Combine(factory.MediaFolder, "incoming")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Content_that_differs_from_the_declared_size_is_refused()
    {
        var number = await NewTicketAsync();

        var shorter = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "a.txt", Text("four"), declaredSize: 5));
        var longer = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "a.txt", Text("four"), declaredSize: 3));

        shorter.ViolatedFields().ShouldBe(["metadata.size_bytes"]);
        longer.ViolatedFields().ShouldBe(["metadata.size_bytes"]);
    }

    [Fact]
    public async Task A_chunk_over_64_KiB_and_an_empty_file_are_refused()
    {
        var number = await NewTicketAsync();

        var oversized = await Should.ThrowAsync<RpcException>(() =>
            UploadAsync(Requester, number, "a.txt", Text(new string('a', 64 * 1024 + 1)), chunkSize: 64 * 1024 + 1));
        var empty = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "empty.txt", []));

        oversized.ViolatedFields().ShouldBe(["chunk"]);
        empty.ViolatedFields().ShouldBe(["chunk"]);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"..\..\Windows\win.ini", "win.ini")]
    [InlineData("/var/lib/tickets/../x.txt", "x.txt")]
    [InlineData("report\u202Etxt.exe", "reporttxt.exe")]
    [InlineData("line\r\nbreak.txt", "linebreak.txt")]
    public async Task No_file_name_escapes_the_media_folder_or_reaches_the_stored_name_unclean(string sent, string kept)
    {
        var outside = Path.Combine(Path.GetDirectoryName(factory.MediaFolder)!, kept);
        var uploaded = await UploadAsync(Requester, await NewTicketAsync(), sent, Text($"{sent} {Guid.NewGuid()}"));

        uploaded.FileName.ShouldBe(kept);
        StoredFiles().ShouldContain(f => Path.GetFileName(f) == uploaded.Sha256);
        StoredFiles().ShouldAllBe(f => Path.GetFullPath(f).StartsWith(factory.MediaFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        File.Exists(outside).ShouldBeFalse();
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData(" . ")]
    [InlineData("\u0000\u0001")]
    public async Task A_name_with_nothing_usable_left_is_refused(string sent)
    {
        var number = await NewTicketAsync();

        var error = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, sent, Text("x")));

        error.ViolatedFields().ShouldBe(["metadata.file_name"]);
    }

    [Fact]
    public async Task An_attachment_id_that_is_not_an_id_is_refused_not_looked_up()
    {
        var number = await NewTicketAsync();

        var error = await Should.ThrowAsync<RpcException>(() => DownloadAsync(Requester, number, "../../../etc/passwd"));

        error.ViolatedFields().ShouldBe(["id"]);
    }

    [Fact]
    public async Task Internal_attachments_are_for_staff_and_other_peoples_tickets_are_not_found()
    {
        var number = await NewTicketAsync();
        var shared = await UploadAsync(Requester, number, "photo.png", Png);
        var staffOnly = await UploadAsync(Coordinator, number, "diagnosis.txt", Text("Disk is failing."), isInternal: true);

        var requesterTries = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "mine.txt", Text("x"), isInternal: true));
        var requesterSees = (await Attachments(Requester).ListAttachmentsAsync(new ListAttachmentsRequest { TicketNumber = number })).Attachments;
        var hiddenDownload = await Should.ThrowAsync<RpcException>(() => DownloadAsync(Requester, number, staffOnly.Id));
        var staffSees = (await Attachments(Coordinator).ListAttachmentsAsync(new ListAttachmentsRequest { TicketNumber = number })).Attachments;
        var strangerLists = await Should.ThrowAsync<RpcException>(() => Attachments(Stranger).ListAttachmentsAsync(new ListAttachmentsRequest { TicketNumber = number }).ResponseAsync);
        var strangerDownloads = await Should.ThrowAsync<RpcException>(() => DownloadAsync(Stranger, number, shared.Id));
        var strangerUploads = await Should.ThrowAsync<RpcException>(() => UploadAsync(Stranger, number, "x.txt", Text("x")));

        requesterTries.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        requesterSees.ShouldBe([shared]);
        hiddenDownload.StatusCode.ShouldBe(StatusCode.NotFound);
        staffSees.ShouldBe([shared, staffOnly]);
        strangerLists.StatusCode.ShouldBe(StatusCode.NotFound);
        strangerDownloads.StatusCode.ShouldBe(StatusCode.NotFound);
        strangerUploads.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task The_timeline_records_attachments_and_hides_internal_ones_from_the_requester()
    {
        var number = await NewTicketAsync();
        await UploadAsync(Requester, number, "photo.png", Png);
        await UploadAsync(Coordinator, number, "diagnosis.txt", Text("Disk is failing."), isInternal: true);

        var requesterTimeline = await AttachedFilesAsync(Requester, number);
        var staffTimeline = await AttachedFilesAsync(Coordinator, number);

        requesterTimeline.ShouldBe(["photo.png"]);
        staffTimeline.ShouldBe(["photo.png", "diagnosis.txt"]);
    }

    [Fact]
    public async Task A_withdrawn_ticket_takes_no_more_files()
    {
        var number = await NewTicketAsync();
        await new TicketService.TicketServiceClient(factory.ChannelAs(Requester)).WithdrawTicketAsync(new WithdrawTicketRequest { Number = number, Reason = "Fixed itself." });

        var error = await Should.ThrowAsync<RpcException>(() => UploadAsync(Requester, number, "late.txt", Text("x")));

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        error.Reason().ShouldBe("TICKET_CLOSED");
    }

    private async Task<string> NewTicketAsync() =>
        (await new TicketService.TicketServiceClient(factory.ChannelAs(Requester)).CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Laptop screen cracked",
            Description = "Photo attached.",
            RequesterId = Requester.Id.ToString(),
            DepartmentId = BuiltInCategories.ItDepartment.ToString(),
            Priority = Priority.Medium,
        })).Ticket.Number;

    private async Task<List<string>> AttachedFilesAsync(TestIdentity identity, string number) =>
        [.. (await new TicketService.TicketServiceClient(factory.ChannelAs(identity)).ListTicketHistoryAsync(new ListTicketHistoryRequest { Number = number }))
            .Entries.Where(e => e.Kind == Protos.Tickets.V1.TicketHistoryKind.AttachmentAdded).Select(e => e.NewValue)];

    private static UploadAttachmentRequest Metadata(string number, string fileName, long size = 0, string claimedType = "", bool isInternal = false) => new()
    {
        Metadata = new UploadAttachmentMetadata { TicketNumber = number, FileName = fileName, SizeBytes = size, ContentType = claimedType, Internal = isInternal },
    };

    private async Task<Protos.Tickets.V1.Attachment> UploadAsync(
        TestIdentity identity, string number, string fileName, byte[] content, string claimedType = "", bool isInternal = false, int chunkSize = 64 * 1024, long declaredSize = 0)
    {
        using var call = Attachments(identity).UploadAttachment();
        try
        {
            await call.RequestStream.WriteAsync(Metadata(number, fileName, declaredSize, claimedType, isInternal));
            foreach (var chunk in content.Chunk(chunkSize))
                await call.RequestStream.WriteAsync(new UploadAttachmentRequest { Chunk = ByteString.CopyFrom(chunk) });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException)
        {
            // The service refused mid-stream: its answer says why.
        }
        return (await call.ResponseAsync).Attachment;
    }

    private async Task<(Protos.Tickets.V1.Attachment Metadata, byte[] Content)> DownloadAsync(TestIdentity identity, string number, string id)
    {
        using var call = Attachments(identity).DownloadAttachment(new DownloadAttachmentRequest { Id = id, TicketNumber = number });
        Protos.Tickets.V1.Attachment? metadata = null;
        var content = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            if (part.PartCase == DownloadAttachmentResponse.PartOneofCase.Metadata)
                metadata = part.Metadata;
            else
                part.Chunk.WriteTo(content);
        }
        return (metadata.ShouldNotBeNull(), content.ToArray());
    }

    private string[] StoredFiles() => Directory.GetFiles(Path.Combine(factory.MediaFolder, "sha256"), "*", SearchOption.AllDirectories);

    private static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[] Zip(params string[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write($"<{entry}/>");
            }
        }
        return buffer.ToArray();
    }
}

/// <summary>Tickets with a 4 KB attachment limit, so the limit tests send little.</summary>
public sealed class SmallAttachmentsFactory : TicketsFactory
{
    public const int Limit = 4096;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tickets:MaxAttachmentBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
