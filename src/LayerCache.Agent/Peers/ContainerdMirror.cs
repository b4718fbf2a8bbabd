using LayerCache.Containerd;

namespace LayerCache.Agent.Peers;

/// <summary>
/// The mirror this node's containerd asks first for every blob (<see cref="PeerOptions.MirrorPort"/>, named in each
/// registry's <c>hosts.toml</c> with <c>capabilities = ["pull"]</c>, so manifests still come from the registry). It
/// answers from the content store, after fetching the blob from a peer when one of the site holds it. Whatever goes
/// wrong before the first byte is a 404, the answer of a mirror without the blob, and containerd asks the next host,
/// the registry: a pull never fails because of a peer. A blob is sent only once it is committed here, so containerd
/// never receives bytes that have not been checked against the digest.
/// </summary>
public sealed partial class ContainerdMirror(ContainerdClient client, PeerFetcher fetcher, AgentMetrics metrics, ILogger<ContainerdMirror> logger)
{
    private readonly BlobSender _sender = new(client);

    public async Task HandleAsync(HttpContext http)
    {
        if (await RegistryAnswers.AnsweredBeforeBlobAsync(http).ConfigureAwait(false))
        {
            return;
        }

        if (!BlobPath.TryParse(http.Request.Path.Value, out _, out var digest))
        {
            await PassOnAsync(http, "the mirror serves blobs by digest only").ConfigureAwait(false);
            return;
        }

        ContentInfo? blob;
        var fromPeer = false;
        try
        {
            blob = await client.ContentInfoAsync(digest, http.RequestAborted).ConfigureAwait(false);
            if (blob is null)
            {
                blob = await fetcher.FetchAsync(digest, http.RequestAborted).ConfigureAwait(false);
                fromPeer = blob is not null;
            }
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or ContentCommitException && !http.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, digest.ToShortString(), e.Message);
            blob = null;
        }

        if (blob is null)
        {
            await PassOnAsync(http, "no peer of the site gave the blob").ConfigureAwait(false);
            return;
        }

        try
        {
            await _sender.SendAsync(http, blob, cap: null, http.RequestAborted).ConfigureAwait(false);
            metrics.MirrorRequests.Inc(1, fromPeer ? "peer" : "local");
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException or IOException)
        {
            LogFailed(logger, digest.ToShortString(), e.Message);
            http.Abort();
        }
    }

    private Task PassOnAsync(HttpContext http, string why)
    {
        metrics.MirrorRequests.Inc(1, "registry");
        return RegistryAnswers.ErrorAsync(http, StatusCodes.Status404NotFound, "BLOB_UNKNOWN", why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The mirror could not give blob {Digest}; containerd goes to the registry: {Reason}")]
    private static partial void LogFailed(ILogger logger, string digest, string reason);
}
