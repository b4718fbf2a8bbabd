using System.Globalization;
using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.Core.Model;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Leases;

/// <summary>
/// The agent's hold on the blobs it prefetched: containerd leases whose ids start with <see cref="AgentOptions.LeaseId"/>
/// and that expire <see cref="AgentOptions.LeaseTtl"/> after they are made, so that an agent that is gone pins nothing
/// for longer. containerd cannot extend a lease (no call changes its labels), so <see cref="RenewAsync"/> makes a
/// successor with a fresh expiry, has it hold everything the agent's other leases hold (a previous run's, a
/// <c>prefetch</c> command's, a lease without expiry from before there was one), and only then deletes those: no blob
/// is unheld at any instant. Each write has a lease of its own (<see cref="WriteAsync"/>) so that renewal never
/// deletes a lease under which a write is about to commit. Every change is made under one gate.
/// See https://github.com/containerd/containerd/blob/main/docs/garbage-collection.md.
/// </summary>
public sealed partial class AgentLease
{
    /// <summary>Marks a lease as <see cref="HoldingRole"/> (kept and renewed) or <see cref="WriteRole"/> (one write's, short-lived).</summary>
    public const string RoleLabel = "layercache.io/lease-role";

    public const string HoldingRole = "holding";

    public const string WriteRole = "write";

    private readonly ContainerdClient _client;
    private readonly string _prefix;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentLease> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<LeaseWrite> _writes = [];
    private long _sequence;

    public AgentLease(ContainerdClient client, IOptions<AgentOptions> options, TimeProvider time, ILogger<AgentLease> logger)
    {
        _client = client;
        _prefix = options.Value.LeaseId;
        _ttl = options.Value.LeaseTtl;
        _time = time;
        _logger = logger;
    }

    /// <summary>The lease that holds the agent's blobs now; null until the first renewal.</summary>
    public string? CurrentId { get; private set; }

    /// <summary>When <see cref="CurrentId"/> expires unless renewed; null until the first renewal.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>A third of the lease's lifetime: two renewals may fail before what it holds is at risk.</summary>
    public TimeSpan RenewInterval => _ttl / 3;

    /// <summary>Whether a lease is one of the agent's: its id is <see cref="AgentOptions.LeaseId"/>, or starts with it and a dot.</summary>
    public bool IsOurs(string leaseId) =>
        leaseId == _prefix || (leaseId.StartsWith(_prefix, StringComparison.Ordinal) && leaseId.Length > _prefix.Length && leaseId[_prefix.Length] == '.');

    /// <summary>Makes a fresh lease hold everything the agent's leases hold, then deletes those.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RenewLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the agent hold a blob already in the content store (a layer it found present).</summary>
    public Task HoldAsync(Digest digest, CancellationToken cancellationToken) =>
        HoldAsync([LeaseResource.Content(digest)], cancellationToken);

    /// <summary>
    /// Makes the agent hold these, which need not exist yet (a snapshot about to be prepared or committed): from the
    /// moment they do, garbage collection leaves them.
    /// </summary>
    public async Task HoldAsync(IReadOnlyCollection<LeaseResource> resources, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AddToCurrentLockedAsync(resources, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Lets every lease of the agent's drop the blobs; garbage collection takes those nothing else holds. Returns how
    /// many of them a lease held.
    /// </summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken) =>
        await ReleaseAsync(digests.Select(LeaseResource.Content).ToHashSet(), cancellationToken).ConfigureAwait(false);

    /// <summary>Lets every lease of the agent's drop these; returns how many of them a lease held.</summary>
    public async Task<int> ReleaseAsync(IReadOnlySet<LeaseResource> wanted, CancellationToken cancellationToken)
    {
        var released = new HashSet<LeaseResource>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (leaseId, resources) in await ReadOursLockedAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var resource in resources.Where(wanted.Contains))
                {
                    await _client.DeleteLeaseResourceAsync(leaseId, resource, cancellationToken).ConfigureAwait(false);
                    released.Add(resource);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return released.Count;
    }

    /// <summary>The blobs the agent's leases hold (some may not be in the content store: a write not yet committed).</summary>
    public async Task<IReadOnlyList<Digest>> ListBlobsAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.ContentDigest).OfType<Digest>().Distinct()];

    /// <summary>Every resource the agent's leases hold, each once.</summary>
    public async Task<IReadOnlyList<LeaseResource>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. (await ReadOursLockedAsync(cancellationToken).ConfigureAwait(false)).SelectMany(l => l.Resources).Distinct()];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RenewLockedAsync(CancellationToken cancellationToken)
    {
        var fresh = await CreateLeaseAsync(HoldingRole, cancellationToken).ConfigureAwait(false);
        var live = _writes.Select(w => w.LeaseId).ToHashSet(StringComparer.Ordinal);
        var adopted = (await _client.ListLeasesAsync(cancellationToken).ConfigureAwait(false))
            .Where(l => l.Id != fresh.Id && IsOurs(l.Id) && !live.Contains(l.Id) && l.Labels.GetValueOrDefault(RoleLabel) != WriteRole)
            .Select(l => l.Id)
            .ToList();

        // Unfinished writes are carried over only for the writes of this process: another's partial ingest is held by its
        // own write lease, and a crashed run's would otherwise be kept for ever.
        var resources = new HashSet<LeaseResource>();
        foreach (var leaseId in adopted)
        {
            resources.UnionWith((await ListResourcesAsync(leaseId, cancellationToken).ConfigureAwait(false)).Where(r => r.Type != LeaseResource.IngestType));
        }

        resources.UnionWith(_writes.SelectMany(w => w.Resources));
        foreach (var resource in resources)
        {
            await _client.AddLeaseResourceAsync(fresh.Id, resource, cancellationToken).ConfigureAwait(false);
        }

        var previous = CurrentId;
        CurrentId = fresh.Id;
        ExpiresAt = fresh.ExpiresAt;
        foreach (var leaseId in adopted)
        {
            await _client.DeleteLeaseAsync(leaseId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (adopted.Any(id => id != previous))
        {
            LogAdopted(_logger, fresh.Id, resources.Count, string.Join(", ", adopted), ExpiresAt);
        }
        else
        {
            LogRenewed(_logger, fresh.Id, resources.Count, ExpiresAt);
        }
    }

    /// <summary>Adds to the current lease, renewing first when there is none or when someone else deleted it.</summary>
    private async Task AddToCurrentLockedAsync(IReadOnlyCollection<LeaseResource> resources, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (CurrentId is null)
            {
                await RenewLockedAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                foreach (var resource in resources)
                {
                    await _client.AddLeaseResourceAsync(CurrentId!, resource, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && attempt == 0)
            {
                LogLeaseLost(_logger, CurrentId!);
                CurrentId = null;
            }
        }
    }

    /// <summary>Every lease of the agent's with what it holds; one collected meanwhile is left out.</summary>
    private async Task<List<(string LeaseId, IReadOnlyList<LeaseResource> Resources)>> ReadOursLockedAsync(CancellationToken cancellationToken)
    {
        var ours = new List<(string, IReadOnlyList<LeaseResource>)>();
        foreach (var lease in await _client.ListLeasesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (IsOurs(lease.Id))
            {
                ours.Add((lease.Id, await ListResourcesAsync(lease.Id, cancellationToken).ConfigureAwait(false)));
            }
        }

        return ours;
    }

    private async Task<IReadOnlyList<LeaseResource>> ListResourcesAsync(string leaseId, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ListLeaseResourcesAsync(leaseId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return [];
        }
    }

    private Task<ContainerdLease> CreateLeaseAsync(string role, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var id = string.Create(
            CultureInfo.InvariantCulture, $"{_prefix}.{now.ToUnixTimeMilliseconds()}.{Interlocked.Increment(ref _sequence)}");
        var labels = ContainerdLabels.ExpiringAt(now + _ttl);
        labels[RoleLabel] = role;
        return _client.CreateLeaseAsync(id, labels, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Lease} took over {Resources} resources from {Adopted}; it expires at {ExpiresAt:o} unless renewed")]
    private static partial void LogAdopted(ILogger logger, string lease, int resources, string adopted, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease renewed as {Lease} with {Resources} resources, until {ExpiresAt:o}")]
    private static partial void LogRenewed(ILogger logger, string lease, int resources, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Lease} is gone (deleted by someone else, or expired while the agent could not renew it); making a new one")]
    private static partial void LogLeaseLost(ILogger logger, string lease);
}
