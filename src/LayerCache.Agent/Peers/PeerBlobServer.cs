using Grpc.Core;
using LayerCache.Agent.Prefetch;
using LayerCache.Containerd;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Peers;

/// <summary>
/// What the site's other nodes may ask this one (<see cref="PeerOptions.Port"/>): <c>GET</c> or <c>HEAD</c> of a blob
/// by digest that this node's content store holds, committed. Never a tag, a manifest by name, or a blob fetched
/// from elsewhere on the peer's behalf. At most <see cref="PeerOptions.MaxUploads"/> at once (429 beyond, so the peer
/// asks another source) and <see cref="PeerOptions.UploadBytesPerSecond"/> all together.
/// </summary>
public sealed partial class PeerBlobServer : IDisposable
{
    private readonly ContainerdClient _client;
    private readonly BlobSender _sender;
    private readonly SemaphoreSlim _uploads;
    private readonly BandwidthCap? _cap;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<PeerBlobServer> _logger;

    public PeerBlobServer(ContainerdClient client, AgentMetrics metrics, IOptions<AgentOptions> options, ILogger<PeerBlobServer> logger)
    {
        var peers = options.Value.Peers;
        _client = client;
        _sender = new BlobSender(client);
        _uploads = new SemaphoreSlim(peers.MaxUploads, peers.MaxUploads);
        _cap = BandwidthCap.Of(peers.UploadBytesPerSecond);
        _metrics = metrics;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        if (await RegistryAnswers.AnsweredBeforeBlobAsync(http).ConfigureAwait(false))
        {
            return;
        }

        if (!BlobPath.TryParse(http.Request.Path.Value, out _, out var digest))
        {
            await RegistryAnswers.ErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "peers serve blobs by digest only").ConfigureAwait(false);
            return;
        }

        ContentInfo? blob;
        try
        {
            blob = await _client.ContentInfoAsync(digest, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogContainerdFailed(_logger, digest.ToShortString(), e.Status.Detail);
            await RegistryAnswers.ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "containerd did not answer").ConfigureAwait(false);
            return;
        }

        if (blob is null)
        {
            await RegistryAnswers.ErrorAsync(http, StatusCodes.Status404NotFound, "BLOB_UNKNOWN", "this node does not hold the blob").ConfigureAwait(false);
            return;
        }

        if (!await _uploads.WaitAsync(0).ConfigureAwait(false))
        {
            _metrics.PeerUploadsRefused.Inc();
            http.Response.Headers.RetryAfter = "1";
            await RegistryAnswers.ErrorAsync(http, StatusCodes.Status429TooManyRequests, "TOOMANYREQUESTS", "this node is serving as many peers as it may").ConfigureAwait(false);
            return;
        }

        try
        {
            _metrics.PeerServedBytes.Inc(await _sender.SendAsync(http, blob, _cap, http.RequestAborted).ConfigureAwait(false));
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or IOException)
        {
            // The peer went away, or containerd broke off mid-blob: the peer sees a short body and goes elsewhere.
            LogBrokenOff(_logger, digest.ToShortString(), e.Message);
            http.Abort();
        }
        finally
        {
            _uploads.Release();
        }
    }

    public void Dispose()
    {
        _uploads.Dispose();
        _cap?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd did not answer for blob {Digest}, asked for by a peer: {Reason}")]
    private static partial void LogContainerdFailed(ILogger logger, string digest, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending blob {Digest} to a peer broke off: {Reason}")]
    private static partial void LogBrokenOff(ILogger logger, string digest, string reason);
}
