using LayerCache.Agent.Prefetch;
using LayerCache.Containerd;

namespace LayerCache.Agent.Peers;

/// <summary>
/// Answers a blob request from containerd's content store, streamed as containerd reads it (no copy on disk): the
/// whole blob or one range of it, with the headers a registry sends; HEAD gets the headers only.
/// </summary>
internal sealed class BlobSender(ContainerdClient client)
{
    /// <summary>Sends <paramref name="blob"/>, through <paramref name="cap"/> when there is one; returns the bytes sent.</summary>
    public async Task<long> SendAsync(HttpContext http, ContentInfo blob, BandwidthCap? cap, CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.Headers["Docker-Content-Digest"] = blob.Digest.Value;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        if (!ByteRange.TryResolve(http.Request.Headers.Range, blob.SizeBytes, out var range))
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{blob.SizeBytes}";
            response.ContentLength = 0;
            return 0;
        }

        var (offset, length) = range is { } part ? (part.Offset, part.Length) : (0, blob.SizeBytes);
        if (range is { } partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {partial.Offset}-{partial.Last}/{blob.SizeBytes}";
        }

        response.ContentLength = length;
        if (HttpMethods.IsHead(http.Request.Method) || length == 0)
        {
            return 0;
        }

        var body = cap?.Wrap(response.Body) ?? response.Body;
        long sent = 0;
        await foreach (var chunk in client.ReadContentAsync(blob.Digest, offset, length, cancellationToken).ConfigureAwait(false))
        {
            await body.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            sent += chunk.Length;
        }

        return sent;
    }
}
