using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TicketTracking.Tickets.Data;

/// <summary>
/// The media volume: each content once, at <c>sha256/ab/cd/abcd…</c>. A path is built only from a 64-digit hex hash
/// this code computed or checked, never from a file name, so no upload can name a place outside the folder.
/// An upload is written to <c>incoming/</c> first and moved into place when complete, so a reader never sees half a
/// file and an interrupted upload leaves nothing behind.
/// </summary>
public sealed class MediaStore
{
    private readonly string _root;
    private readonly string _incoming;
    private readonly ILogger<MediaStore> _logger;
    private int _sweptIncoming;

    public MediaStore(IOptions<TicketsOptions> options, ILogger<MediaStore> logger)
    {
        _root = Path.GetFullPath(options.Value.MediaPath);
        _incoming = Path.Combine(_root, "incoming");
        _logger = logger;
    }

    /// <summary>Starts an upload; dispose it without <see cref="IncomingFile.CommitAsync"/> and nothing is kept.</summary>
    public IncomingFile Receive()
    {
        Directory.CreateDirectory(_incoming);
        SweepAbandonedOnce();
        return new IncomingFile(this, Path.Combine(_incoming, $"{Guid.NewGuid():N}.part"));
    }

    /// <summary>The stored content, or null if the volume lost it.</summary>
    public Stream? OpenRead(string sha256)
    {
        try
        {
            return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            _logger.LogError("Attachment content {Sha256} is missing from the media folder {Root}.", sha256, _root);
            return null;
        }
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Not a lower-case hex SHA-256.", nameof(sha256));
        return Path.Combine(_root, "sha256", sha256[..2], sha256[2..4], sha256);
    }

    /// <summary>A crash mid-upload leaves a part file: remove those older than a day, once per process.</summary>
    private void SweepAbandonedOnce()
    {
        if (Interlocked.Exchange(ref _sweptIncoming, 1) == 1)
            return;
        foreach (var part in new DirectoryInfo(_incoming).EnumerateFiles("*.part"))
        {
            if (part.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1))
                part.Delete();
        }
    }

    /// <summary>One upload on its way in: bytes are hashed as they are written.</summary>
    public sealed class IncomingFile : IAsyncDisposable
    {
        private readonly MediaStore _store;
        private readonly FileStream _file;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _committed;

        internal IncomingFile(MediaStore store, string path)
        {
            _store = store;
            Path = path;
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, useAsync: true);
        }

        private string Path { get; }

        public long Length => _file.Length;

        /// <summary>Reads what has been written so far (to look inside a container before committing).</summary>
        public Stream OpenWritten()
        {
            _file.Flush();
            return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }

        public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            _hash.AppendData(chunk.Span);
            await _file.WriteAsync(chunk, cancellationToken);
        }

        /// <summary>Moves the content into place under its hash (or drops it if that content is already stored) and returns the hash.</summary>
        public async Task<string> CommitAsync(CancellationToken cancellationToken)
        {
            await _file.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            var target = _store.PathOf(sha256);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            try
            {
                File.Move(Path, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                File.Delete(Path); // stored before: the same bytes, kept once
            }
            _committed = true;
            return sha256;
        }

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            _hash.Dispose();
            if (!_committed)
                File.Delete(Path);
        }
    }
}
