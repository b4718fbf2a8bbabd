using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// Copies one blob into a destination through a <see cref="BlobReadStream"/>, which resumes dropped connections and checks size
/// and SHA-256 at the end. A blob whose bytes are wrong is downloaded again from the start only when the destination can be rewound.
/// </summary>
internal sealed class BlobDownload(RegistryTransport transport, IReadOnlyList<RegistryRequest> sources, Digest digest, long sizeBytes)
{
    private const int BufferBytes = 128 * 1024;

    public async Task<BlobFetchResult> RunAsync(Stream destination, long resumeFrom, CancellationToken cancellationToken)
    {
        int requests = 0, resumes = 0;
        long received = 0;
        for (var verification = 1; ; verification++)
        {
            var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var offset = verification == 1 && resumeFrom > 0
                ? await HashPrefixAsync(destination, resumeFrom, hash, cancellationToken).ConfigureAwait(false)
                : 0;
            var source = new BlobReadStream(transport, sources, digest, sizeBytes, offset, hash);
            await using (source.ConfigureAwait(false))
            {
                try
                {
                    await source.CopyToAsync(destination, BufferBytes, cancellationToken).ConfigureAwait(false);
                    return new BlobFetchResult(digest, sizeBytes, received + source.BytesReceived, requests + source.Requests, resumes + source.Resumes);
                }
                catch (BlobVerificationException) when (verification < transport.Options.BlobVerificationAttempts && destination.CanSeek)
                {
                    requests += source.Requests;
                    resumes += source.Resumes;
                    received += source.BytesReceived;
                }
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
}
