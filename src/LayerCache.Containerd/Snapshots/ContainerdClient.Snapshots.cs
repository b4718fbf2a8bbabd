using Grpc.Core;
using SnapshotsApi = LayerCache.Containerd.Api.Snapshots;
using TypesApi = LayerCache.Containerd.Api.Types;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>
    /// Makes an active snapshot <paramref name="key"/> on top of the committed <paramref name="parent"/> (empty for a
    /// base layer) and returns the mounts a layer is applied onto. A key that exists already is an
    /// <see cref="RpcException"/> with <see cref="StatusCode.AlreadyExists"/>.
    /// </summary>
    public Task<IReadOnlyList<SnapshotMount>> PrepareSnapshotAsync(
        string snapshotter, string key, string parent, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<SnapshotMount>>(async () =>
        {
            var request = new SnapshotsApi.PrepareSnapshotRequest { Snapshotter = snapshotter, Key = key, Parent = parent };
            request.Labels.Add(labels.ToDictionary());
            var response = await _snapshots.PrepareAsync(request, Options(cancellationToken));
            return [.. response.Mounts.Select(m => new SnapshotMount(m.Type, m.Source, m.Target, [.. m.Options]))];
        }, cancellationToken);

    /// <summary>Commits the active snapshot <paramref name="key"/> as <paramref name="name"/>; the active one is gone after.</summary>
    public Task CommitSnapshotAsync(
        string snapshotter, string name, string key, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new SnapshotsApi.CommitSnapshotRequest { Snapshotter = snapshotter, Name = name, Key = key };
            request.Labels.Add(labels.ToDictionary());
            await _snapshots.CommitAsync(request, Options(cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// Removes a snapshot; false when it was not there. One with children (a container's, or a longer chain's) is an
    /// <see cref="RpcException"/> with <see cref="StatusCode.FailedPrecondition"/>.
    /// </summary>
    public Task<bool> RemoveSnapshotAsync(string snapshotter, string key, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            try
            {
                await _snapshots.RemoveAsync(new SnapshotsApi.RemoveSnapshotRequest { Snapshotter = snapshotter, Key = key }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>The snapshot, or null when the snapshotter has none by that name or key.</summary>
    public Task<SnapshotInfo?> StatSnapshotAsync(string snapshotter, string key, CancellationToken cancellationToken) =>
        Retry<SnapshotInfo?>(async () =>
        {
            try
            {
                var response = await _snapshots.StatAsync(new SnapshotsApi.StatSnapshotRequest { Snapshotter = snapshotter, Key = key }, Options(cancellationToken));
                return ToSnapshotInfo(response.Info);
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>Every snapshot of the snapshotter in the client's namespace.</summary>
    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string snapshotter, CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<SnapshotInfo>>(async () =>
        {
            var infos = new List<SnapshotInfo>();
            using var call = _snapshots.List(new SnapshotsApi.ListSnapshotsRequest { Snapshotter = snapshotter }, Options(cancellationToken));
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                infos.AddRange(response.Info.Select(ToSnapshotInfo));
            }

            return infos;
        }, cancellationToken);

    /// <summary>Bytes on disk of the snapshot's own layer (not its parents'), or null when it is not there.</summary>
    public Task<long?> SnapshotUsageAsync(string snapshotter, string key, CancellationToken cancellationToken) =>
        Retry<long?>(async () =>
        {
            try
            {
                var response = await _snapshots.UsageAsync(new SnapshotsApi.UsageRequest { Snapshotter = snapshotter, Key = key }, Options(cancellationToken));
                return response.Size;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return null;
            }
        }, cancellationToken);

    private static SnapshotInfo ToSnapshotInfo(SnapshotsApi.Info info) => new(
        info.Name,
        info.Parent,
        (SnapshotKind)(int)info.Kind,
        ToDateTimeOffset(info.CreatedAt),
        ToDateTimeOffset(info.UpdatedAt),
        ToDictionary(info.Labels));

    private static TypesApi.Mount ToMount(SnapshotMount mount)
    {
        var result = new TypesApi.Mount { Type = mount.Type, Source = mount.Source, Target = mount.Target };
        result.Options.Add(mount.Options);
        return result;
    }
}
