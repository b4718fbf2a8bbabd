using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.Core.Model;

// Writes into the content store under the agent's leases; the layer prefetcher is the caller.
namespace LayerCache.Agent.Leases;

public sealed partial class AgentLease
{
    /// <summary>
    /// Writes a blob under a lease of its own, which expires as the agent's do. Before the first byte, the current
    /// lease also holds the blob (by digest, before it exists) and the unfinished write, so neither depends on the
    /// write's lease; the write's lease is deleted when the write ends. A write that outlives its lease goes on under
    /// a new one from the bytes containerd kept.
    /// </summary>
    public async Task<ContentWriteResult> WriteAsync(string reference, Digest digest, long sizeBytes, Stream source, CancellationToken cancellationToken)
    {
        var write = await BeginWriteAsync(reference, digest, cancellationToken).ConfigureAwait(false);
        var committed = false;
        try
        {
            var result = await _client.WriteContentAsync(reference, digest, sizeBytes, source, write.LeaseId, SuccessorAsync, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            committed = true;
            return result;
        }
        finally
        {
            await EndWriteAsync(write, committed).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Drops an unfinished write and its bytes, so a later write under the ref starts over; best effort, never masking
    /// the failure that led here: containerd may still be closing the ingest ("directory not empty"), so a few tries.
    /// False when every try failed.
    /// </summary>
    public async Task<bool> AbortWriteAsync(string reference)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await _client.AbortWriteAsync(reference, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (RpcException)
            {
                await Task.Delay(50 * (attempt + 1)).ConfigureAwait(false);
            }
        }

        return false;
    }

    private async Task<LeaseWrite> BeginWriteAsync(string reference, Digest digest, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lease = await CreateLeaseAsync(WriteRole, cancellationToken).ConfigureAwait(false);
            var write = new LeaseWrite(reference, digest, lease.Id);
            _writes.Add(write);
            try
            {
                await AddToCurrentLockedAsync(write.Resources, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _writes.Remove(write);
                await DeleteQuietlyAsync(lease.Id).ConfigureAwait(false);
                throw;
            }

            return write;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The lease a write whose lease is gone goes on under: a new one of its own.</summary>
    private async Task<string?> SuccessorAsync(string gone, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writes.Find(w => w.LeaseId == gone) is not { } write)
            {
                return null;
            }

            var lease = await CreateLeaseAsync(WriteRole, cancellationToken).ConfigureAwait(false);
            write.LeaseId = lease.Id;
            LogWriteLeaseReplaced(_logger, write.Reference, gone, lease.Id);

            // containerd said NotFound; should the lease exist after all, it must not be left behind.
            await DeleteQuietlyAsync(gone).ConfigureAwait(false);
            return lease.Id;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Lets go of what only the write needed: its lease, the unfinished write, and, when nothing was committed, the
    /// blob's digest (unless the blob is there after all). Best effort: what is left expires with its lease.
    /// </summary>
    private async Task EndWriteAsync(LeaseWrite write, bool committed)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _writes.Remove(write);
            if (CurrentId is { } current)
            {
                if (!_writes.Exists(w => w.Reference == write.Reference))
                {
                    await QuietlyAsync(write.Reference, () => _client.DeleteLeaseResourceAsync(current, LeaseResource.Ingest(write.Reference), CancellationToken.None))
                        .ConfigureAwait(false);
                }

                if (!committed && !_writes.Exists(w => w.Digest == write.Digest))
                {
                    await QuietlyAsync(write.Digest.Value, async () =>
                    {
                        if (await _client.ContentInfoAsync(write.Digest, CancellationToken.None).ConfigureAwait(false) is null)
                        {
                            await _client.DeleteLeaseResourceAsync(current, LeaseResource.Content(write.Digest), CancellationToken.None).ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                }
            }

            await DeleteQuietlyAsync(write.LeaseId).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task DeleteQuietlyAsync(string leaseId) =>
        QuietlyAsync(leaseId, () => _client.DeleteLeaseAsync(leaseId, cancellationToken: CancellationToken.None));

    /// <summary>A clean-up that must not hide the outcome of the write: a failure is logged, and what is left expires with its lease.</summary>
    private async Task QuietlyAsync(string what, Func<Task> cleanUp)
    {
        try
        {
            await cleanUp().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogWriteCleanupFailed(_logger, what, e.Status.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The write {Reference} outlived its lease {Gone}; it goes on under {Lease}")]
    private static partial void LogWriteLeaseReplaced(ILogger logger, string reference, string gone, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not let go of {What} after a write (it expires with its lease): {Reason}")]
    private static partial void LogWriteCleanupFailed(ILogger logger, string what, string reason);

    /// <summary>A write in progress: its ref, its blob, and the lease it is made under now.</summary>
    private sealed class LeaseWrite(string reference, Digest digest, string leaseId)
    {
        public string Reference { get; } = reference;

        public Digest Digest { get; } = digest;

        public string LeaseId { get; set; } = leaseId;

        /// <summary>What the agent's current lease holds for it, so that renewal carries them over.</summary>
        public LeaseResource[] Resources => [LeaseResource.Content(Digest), LeaseResource.Ingest(Reference)];
    }
}
