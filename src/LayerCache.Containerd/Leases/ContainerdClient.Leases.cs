using Grpc.Core;
using LayerCache.Core.Model;
using LeasesApi = LayerCache.Containerd.Api.Leases;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>
    /// Creates a lease; an empty <paramref name="id"/> lets containerd choose one. Label it with
    /// <see cref="ContainerdLabels.GcExpire"/> so a crashed holder does not pin content forever. containerd cannot
    /// change a lease's labels afterwards: to extend one, create its successor and move the resources.
    /// </summary>
    public Task<ContainerdLease> CreateLeaseAsync(
        string? id,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default) =>
        Retry(async () =>
        {
            var request = new LeasesApi.CreateRequest { Id = id ?? string.Empty };
            foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            {
                request.Labels[key] = value;
            }

            var response = await _leases.CreateAsync(request, Options(cancellationToken));
            return ToLease(response.Lease);
        }, cancellationToken);

    /// <summary>
    /// Deletes a lease, making what only it held collectable; with <paramref name="synchronousGc"/>, garbage
    /// collection runs before this returns. False when there was no such lease.
    /// </summary>
    public Task<bool> DeleteLeaseAsync(string id, bool synchronousGc = false, CancellationToken cancellationToken = default) =>
        Retry(async () =>
        {
            try
            {
                await _leases.DeleteAsync(new LeasesApi.DeleteRequest { Id = id, Sync = synchronousGc }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>
    /// Runs containerd's garbage collection now and waits for it: a lease made for the purpose is deleted with
    /// synchronous collection (containerd has no other call for it). The lease expires by itself should this caller
    /// die between the two calls.
    /// </summary>
    public async Task CollectGarbageAsync(CancellationToken cancellationToken)
    {
        var lease = await CreateLeaseAsync(null, ContainerdLabels.ExpiringAt(DateTimeOffset.UtcNow.AddMinutes(5)), cancellationToken).ConfigureAwait(false);
        await DeleteLeaseAsync(lease.Id, synchronousGc: true, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ContainerdLease>> ListLeasesAsync(CancellationToken cancellationToken, params string[] filters) =>
        Retry<IReadOnlyList<ContainerdLease>>(async () =>
        {
            var request = new LeasesApi.ListRequest();
            request.Filters.Add(filters);
            var response = await _leases.ListAsync(request, Options(cancellationToken));
            return response.Leases.Select(ToLease).ToList();
        }, cancellationToken);

    /// <summary>Makes the lease hold a resource; it need not exist yet (a blob about to be written, say).</summary>
    public Task AddLeaseResourceAsync(string leaseId, LeaseResource resource, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new LeasesApi.AddResourceRequest { Id = leaseId, Resource = ToResource(resource) };
            await _leases.AddResourceAsync(request, Options(cancellationToken));
        }, cancellationToken);

    /// <summary>Lets the lease drop a resource; it is collected unless something else references it.</summary>
    public Task DeleteLeaseResourceAsync(string leaseId, LeaseResource resource, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new LeasesApi.DeleteResourceRequest { Id = leaseId, Resource = ToResource(resource) };
            await _leases.DeleteResourceAsync(request, Options(cancellationToken));
        }, cancellationToken);

    /// <summary>Everything the lease holds: blobs, unfinished writes and snapshots.</summary>
    public Task<IReadOnlyList<LeaseResource>> ListLeaseResourcesAsync(string leaseId, CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<LeaseResource>>(async () =>
        {
            var response = await _leases.ListResourcesAsync(new LeasesApi.ListResourcesRequest { Id = leaseId }, Options(cancellationToken));
            return response.Resources.Select(r => new LeaseResource(r.Type, r.Id)).ToList();
        }, cancellationToken);

    /// <summary>Makes the lease hold a blob (one written earlier, or by someone else).</summary>
    public Task AddLeaseContentAsync(string leaseId, Digest digest, CancellationToken cancellationToken) =>
        AddLeaseResourceAsync(leaseId, LeaseResource.Content(digest), cancellationToken);

    /// <summary>Lets the lease drop a blob; it is collected unless something else references it.</summary>
    public Task DeleteLeaseContentAsync(string leaseId, Digest digest, CancellationToken cancellationToken) =>
        DeleteLeaseResourceAsync(leaseId, LeaseResource.Content(digest), cancellationToken);

    /// <summary>The blobs a lease holds (other resources, such as snapshots and ingests, are left out).</summary>
    public async Task<IReadOnlyList<Digest>> ListLeaseContentAsync(string leaseId, CancellationToken cancellationToken) =>
        [.. (await ListLeaseResourcesAsync(leaseId, cancellationToken).ConfigureAwait(false)).Select(r => r.ContentDigest).OfType<Digest>()];

    private static LeasesApi.Resource ToResource(LeaseResource resource) =>
        new() { Id = resource.Id, Type = resource.Type };

    private static ContainerdLease ToLease(LeasesApi.Lease lease) =>
        new(lease.Id, ToDateTimeOffset(lease.CreatedAt), ToDictionary(lease.Labels));
}
