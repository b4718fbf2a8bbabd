using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using LayerCache.Core.Model;
using ContentApi = LayerCache.Containerd.Api.Content;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>
    /// Bytes in each WRITE message. Each waits for containerd's answer, so larger chunks mean fewer round trips:
    /// 4 MiB made a 553 MB layer prefetch as fast as <c>ctr content fetch</c> (docs/agent-benchmarks.md).
    /// </summary>
    public const int WriteChunkBytes = 4 * 1024 * 1024;

    /// <summary>How many times one write follows its lease to a successor before it gives up.</summary>
    private const int MaxLeaseSwitches = 3;

    /// <summary>
    /// Writes a blob through containerd's Write protocol: STAT learns how much an earlier write under the same
    /// <paramref name="reference"/> left, <paramref name="openSourceAt"/> is asked for the bytes from there,
    /// WRITE sends them in chunks, COMMIT verifies <paramref name="expected"/> and <paramref name="totalBytes"/>
    /// and stores the blob with <paramref name="labels"/>. A blob already in the store is not written again.
    /// A containerd restart mid-write resumes from what it kept.
    /// </summary>
    /// <exception cref="ContentCommitException">The bytes did not match; nothing was committed.</exception>
    public Task<ContentWriteResult> WriteContentAsync(
        string reference,
        Digest expected,
        long totalBytes,
        Func<long, CancellationToken, Task<Stream>> openSourceAt,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        ArgumentNullException.ThrowIfNull(openSourceAt);
        return Retry(
            () => WriteOnceAsync(LeaseId, reference, expected, totalBytes, openSourceAt, disposeSource: true, labels, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Writes a blob from a stream positioned at its first byte. A resumed write seeks the stream, or skips
    /// forward when it cannot seek. The stream is not disposed.
    /// </summary>
    /// <exception cref="ContentCommitException">The bytes did not match; nothing was committed.</exception>
    public Task<ContentWriteResult> WriteContentAsync(
        string reference,
        Digest expected,
        long totalBytes,
        Stream source,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        ArgumentNullException.ThrowIfNull(source);
        return WriteFromStreamAsync(reference, expected, totalBytes, source, LeaseId, successor: null, labels, cancellationToken);
    }

    /// <summary>
    /// Writes a blob from a stream, as the overload without a lease does, under <paramref name="leaseId"/>, which may
    /// be replaced while the write runs: containerd cannot extend a lease, so its holder renews it by creating a
    /// successor and deleting it. An attempt that finds its lease gone (containerd answers NotFound when the write
    /// opens or commits; the bytes in between do not touch the lease) asks <paramref name="successor"/> for the lease
    /// now in its place and goes on under that one from the bytes containerd kept, which the successor must hold (the
    /// ingest <paramref name="reference"/>) for them to survive. Null from <paramref name="successor"/> ends the write
    /// with the error.
    /// </summary>
    /// <exception cref="ContentCommitException">The bytes did not match; nothing was committed.</exception>
    public Task<ContentWriteResult> WriteContentAsync(
        string reference,
        Digest expected,
        long totalBytes,
        Stream source,
        string leaseId,
        Func<string, CancellationToken, Task<string?>> successor,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        ArgumentNullException.ThrowIfNull(successor);
        return WriteFromStreamAsync(reference, expected, totalBytes, source, leaseId, successor, labels, cancellationToken);
    }

    private async Task<ContentWriteResult> WriteFromStreamAsync(
        string reference,
        Digest expected,
        long totalBytes,
        Stream source,
        string? leaseId,
        Func<string, CancellationToken, Task<string?>>? successor,
        IReadOnlyDictionary<string, string>? labels,
        CancellationToken cancellationToken)
    {
        var start = source.CanSeek ? source.Position : 0;
        var consumed = new PositionTrackingStream(source);
        for (var switches = 0; ; switches++)
        {
            var lease = leaseId;
            try
            {
                return await Retry(
                    () => WriteOnceAsync(lease, reference, expected, totalBytes, OpenAt, disposeSource: false, labels, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (IsNotFound(e) && successor is not null && lease is not null && switches < MaxLeaseSwitches)
            {
                leaseId = await successor(lease, cancellationToken).ConfigureAwait(false);
                if (leaseId is null)
                {
                    throw;
                }
            }
        }

        async Task<Stream> OpenAt(long offset, CancellationToken token)
        {
            if (source.CanSeek)
            {
                source.Position = start + offset;
                consumed.Position = offset;
            }
            else
            {
                await consumed.SkipToAsync(offset, token).ConfigureAwait(false);
            }

            return consumed;
        }
    }

    private async Task<ContentWriteResult> WriteOnceAsync(
        string? leaseId,
        string reference,
        Digest expected,
        long totalBytes,
        Func<long, CancellationToken, Task<Stream>> openSourceAt,
        bool disposeSource,
        IReadOnlyDictionary<string, string>? labels,
        CancellationToken cancellationToken)
    {
        using var call = _content.Write(Options(cancellationToken, leaseId));
        ContentApi.WriteContentResponse status;
        try
        {
            status = await SendAsync(call, new ContentApi.WriteContentRequest
            {
                Action = ContentApi.WriteAction.Stat,
                Ref = reference,
                Total = totalBytes,
                Expected = expected.Value,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return new ContentWriteResult(expected, totalBytes, 0, AlreadyExisted: true);
        }

        var offset = status.Offset;
        if (offset > totalBytes)
        {
            await AbortWriteAsync(reference, cancellationToken).ConfigureAwait(false);
            throw new ContentCommitException(reference, expected, totalBytes, $"an earlier write under this ref had {offset} bytes, more than the total; it was aborted");
        }

        var resumedFrom = offset;
        var source = await openSourceAt(offset, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(WriteChunkBytes);
        try
        {
            while (offset < totalBytes)
            {
                var wanted = (int)Math.Min(WriteChunkBytes, totalBytes - offset);
                // Each WRITE waits for containerd's answer, so fill the whole chunk: a pipe hands out 128 KiB at a time,
                // and eight times the round trips cost a quarter of the throughput.
                var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException($"The source of '{reference}' ended after {offset} of {totalBytes} bytes.");
                }

                var written = await SendAsync(call, new ContentApi.WriteContentRequest
                {
                    Action = ContentApi.WriteAction.Write,
                    Offset = offset,
                    // No copy: SendAsync waits for containerd's answer before the buffer is filled again.
                    Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)),
                }, cancellationToken).ConfigureAwait(false);
                offset = written.Offset;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (disposeSource)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }

        var commit = new ContentApi.WriteContentRequest
        {
            Action = ContentApi.WriteAction.Commit,
            Offset = offset,
            Total = totalBytes,
            Expected = expected.Value,
        };
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            commit.Labels[key] = value;
        }

        try
        {
            await SendAsync(call, commit, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Another writer (a concurrent pull) committed the same blob first.
            return new ContentWriteResult(expected, totalBytes, resumedFrom, AlreadyExisted: true);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            // The bytes under this ref are wrong; resuming from them would fail again.
            await AbortWriteAsync(reference, CancellationToken.None).ConfigureAwait(false);
            throw new ContentCommitException(reference, expected, totalBytes, e.Status.Detail, e);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return new ContentWriteResult(expected, totalBytes, resumedFrom, AlreadyExisted: false);
    }

    private static async Task<ContentApi.WriteContentResponse> SendAsync(
        AsyncDuplexStreamingCall<ContentApi.WriteContentRequest, ContentApi.WriteContentResponse> call,
        ContentApi.WriteContentRequest request,
        CancellationToken cancellationToken)
    {
        // containerd answers every message; reading in lock-step keeps flow control simple.
        try
        {
            await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The connection broke under the request stream (containerd died); a retry resumes from STAT.
            throw new RpcException(new Status(StatusCode.Unavailable, "The write stream to containerd broke: " + e.Message, e));
        }

        if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "containerd closed the write stream without an answer."));
        }

        return call.ResponseStream.Current;
    }
}
