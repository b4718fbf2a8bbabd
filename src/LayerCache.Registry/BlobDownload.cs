using System.Net;
using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// Streams one blob into a destination while hashing it. A dropped connection resumes with <c>Range: bytes=N-</c> and the
/// same hash state; at the end size and SHA-256 must match or <see cref="BlobVerificationException"/> is thrown.
/// A mismatch is downloaded again from the start only when the destination can be rewound.
/// </summary>
internal sealed class BlobDownload(RegistryTransport transport, Uri blobUri, string scope, Digest digest, long sizeBytes)
{
    private const int BufferBytes = 128 * 1024;

    private int _requests;
    private int _resumes;
    private long _received;

    // Bytes hashed and written so far; kept outside the copy loop so a dropped connection resumes from here.
    private long _offset;

    private RegistryOptions Options => transport.Options;

    public async Task<BlobFetchResult> RunAsync(Stream destination, long resumeFrom, CancellationToken cancellationToken)
    {
        for (var verification = 1; ; verification++)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var offset = verification == 1 && resumeFrom > 0
                ? await HashPrefixAsync(destination, resumeFrom, hash, cancellationToken).ConfigureAwait(false)
                : 0;
            await TransferAsync(destination, hash, offset, cancellationToken).ConfigureAwait(false);
            var actual = Digest.FromHash(hash.GetHashAndReset());
            if (actual == digest)
            {
                return new BlobFetchResult(digest, sizeBytes, _received, _requests, _resumes);
            }

            if (verification >= Options.BlobVerificationAttempts || !destination.CanSeek)
            {
                throw new BlobVerificationException(digest, $"the {sizeBytes} bytes received hash to {actual} ({verification} downloads)");
            }

            destination.Position = 0;
            destination.SetLength(0);
        }
    }

    // Resuming a download the caller began: the bytes it already holds are hashed again, from the destination itself.
    private static async Task<long> HashPrefixAsync(Stream destination, long resumeFrom, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (!destination.CanSeek || !destination.CanRead)
        {
            throw new ArgumentException("Resuming needs a readable, seekable destination holding the bytes already received.", nameof(destination));
        }

        destination.Position = 0;
        var buffer = new byte[BufferBytes];
        long read = 0;
        while (read < resumeFrom)
        {
            var n = await destination.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, resumeFrom - read)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(resumeFrom), $"The destination holds {read} bytes, fewer than the {resumeFrom} to resume from.");
            }

            hash.AppendData(buffer, 0, n);
            read += n;
        }

        destination.Position = resumeFrom;
        return resumeFrom;
    }

    private async Task TransferAsync(Stream destination, IncrementalHash hash, long offset, CancellationToken cancellationToken)
    {
        _offset = offset;
        var drops = 0;
        var buffer = new byte[BufferBytes];
        var first = true;
        while (_offset < sizeBytes || (first && sizeBytes == 0))
        {
            first = false;
            _requests++;
            var request = new RegistryRequest(HttpMethod.Get, blobUri, scope) { RangeFrom = _offset > 0 ? _offset : null };
            using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await RegistryErrors.ToExceptionAsync(response, $"Blob {digest} of {blobUri.AbsolutePath}", cancellationToken).ConfigureAwait(false);
            }

            var skip = StartSkip(response, _offset);
            try
            {
                await CopyAsync(response, destination, hash, skip, buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (RegistryTransport.IsTransient(e, cancellationToken))
            {
                drops++;
                if (drops >= Options.MaxAttempts)
                {
                    throw new RegistryException($"Blob {digest}: the connection dropped {drops} times, last at byte {_offset}: {e.Message}", innerException: e);
                }

                _resumes++;
                await transport.DelayAsync(RetryDelays.Backoff(Options, drops), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_offset < sizeBytes)
            {
                // The body ended cleanly but short: treat it as a drop and resume.
                drops++;
                if (drops >= Options.MaxAttempts)
                {
                    throw new BlobVerificationException(digest, $"the registry sent {_offset} of {sizeBytes} bytes");
                }

                _resumes++;
            }
        }
    }

    // A 206 must start where we asked; a 200 to a ranged request repeats the whole blob, so what we hold is skipped.
    private long StartSkip(HttpResponseMessage response, long offset)
    {
        if (offset == 0)
        {
            return 0;
        }

        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var from = response.Content.Headers.ContentRange?.From;
            if (from != offset)
            {
                throw new RegistryException($"Blob {digest}: asked for bytes from {offset}, the registry sent a range from {from?.ToString() ?? "?"}.");
            }

            return 0;
        }

        return offset;
    }

    private async Task CopyAsync(
        HttpResponseMessage response, Stream destination, IncrementalHash hash, long skip, byte[] buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            idle.CancelAfter(Options.BlobReadIdleTimeout);
            var n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            _received += n;
            var start = 0;
            if (skip > 0)
            {
                start = (int)Math.Min(skip, n);
                skip -= start;
            }

            var count = n - start;
            if (count == 0)
            {
                continue;
            }

            if (_offset + count > sizeBytes)
            {
                throw new BlobVerificationException(digest, $"the registry sent more than the expected {sizeBytes} bytes");
            }

            hash.AppendData(buffer, start, count);
            await destination.WriteAsync(buffer.AsMemory(start, count), cancellationToken).ConfigureAwait(false);
            _offset += count;
        }
    }
}
