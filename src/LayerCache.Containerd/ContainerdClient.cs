using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LayerCache.Core.Model;
using ContainersApi = LayerCache.Containerd.Api.Containers;
using ContentApi = LayerCache.Containerd.Api.Content;
using CriApi = LayerCache.Containerd.Api.Cri;
using DiffApi = LayerCache.Containerd.Api.Diff;
using EventsApi = LayerCache.Containerd.Api.Events;
using ImagesApi = LayerCache.Containerd.Api.Images;
using LeasesApi = LayerCache.Containerd.Api.Leases;
using SnapshotsApi = LayerCache.Containerd.Api.Snapshots;
using VersionApi = LayerCache.Containerd.Api.Version;

namespace LayerCache.Containerd;

/// <summary>
/// Typed calls to containerd's API and CRI image service over its unix socket, in one namespace and,
/// optionally, under one lease (<see cref="WithLease"/>). Unary calls ride out a containerd restart
/// (see <see cref="ContainerdConnection"/>); streams fail and the caller starts them again.
/// </summary>
public sealed partial class ContainerdClient : IDisposable
{
    private const string NamespaceHeader = "containerd-namespace";
    private const string LeaseHeader = "containerd-lease";

    private readonly bool _ownsConnection;
    private readonly ContentApi.Content.ContentClient _content;
    private readonly ImagesApi.Images.ImagesClient _images;
    private readonly ContainersApi.Containers.ContainersClient _containers;
    private readonly LeasesApi.Leases.LeasesClient _leases;
    private readonly EventsApi.Events.EventsClient _events;
    private readonly VersionApi.Version.VersionClient _version;
    private readonly CriApi.ImageService.ImageServiceClient _cri;
    private readonly SnapshotsApi.Snapshots.SnapshotsClient _snapshots;
    private readonly DiffApi.Diff.DiffClient _diff;

    public ContainerdClient(ContainerdClientOptions options)
        : this(new ContainerdConnection(options), options.Namespace, leaseId: null, ownsConnection: true)
    {
    }

    private ContainerdClient(ContainerdConnection connection, string @namespace, string? leaseId, bool ownsConnection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        Connection = connection;
        Namespace = @namespace;
        LeaseId = leaseId;
        _ownsConnection = ownsConnection;
        var invoker = connection.CallInvoker;
        _content = new ContentApi.Content.ContentClient(invoker);
        _images = new ImagesApi.Images.ImagesClient(invoker);
        _containers = new ContainersApi.Containers.ContainersClient(invoker);
        _leases = new LeasesApi.Leases.LeasesClient(invoker);
        _events = new EventsApi.Events.EventsClient(invoker);
        _version = new VersionApi.Version.VersionClient(invoker);
        _cri = new CriApi.ImageService.ImageServiceClient(invoker);
        _snapshots = new SnapshotsApi.Snapshots.SnapshotsClient(invoker);
        _diff = new DiffApi.Diff.DiffClient(invoker);
    }

    public ContainerdConnection Connection { get; }

    public string Namespace { get; }

    /// <summary>The lease every call is made under, or null.</summary>
    public string? LeaseId { get; }

    public bool IsConnected => Connection.IsConnected;

    /// <summary>A client on the same connection whose calls are made under the lease: what they create, it keeps.</summary>
    public ContainerdClient WithLease(string leaseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        return new ContainerdClient(Connection, Namespace, leaseId, ownsConnection: false);
    }

    /// <summary>A client on the same connection in another namespace.</summary>
    public ContainerdClient WithNamespace(string @namespace) =>
        new(Connection, @namespace, LeaseId, ownsConnection: false);

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) =>
        Connection.WaitUntilConnectedAsync(cancellationToken);

    public Task<ContainerdVersion> VersionAsync(CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var response = await _version.VersionAsync(new Empty(), Options(cancellationToken));
            return new ContainerdVersion(response.Version, response.Revision);
        }, cancellationToken);

    public void Dispose()
    {
        if (_ownsConnection)
        {
            Connection.Dispose();
        }
    }

    private CallOptions Options(CancellationToken cancellationToken) => Options(cancellationToken, LeaseId);

    private CallOptions Options(CancellationToken cancellationToken, string? leaseId)
    {
        var headers = new Metadata { { NamespaceHeader, Namespace } };
        if (leaseId is not null)
        {
            headers.Add(LeaseHeader, leaseId);
        }

        return new CallOptions(headers, cancellationToken: cancellationToken);
    }

    private Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        Connection.RetryWhileUnavailableAsync(call, cancellationToken);

    private Task Retry(Func<Task> call, CancellationToken cancellationToken) =>
        Connection.RetryWhileUnavailableAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static DateTimeOffset ToDateTimeOffset(Timestamp? timestamp) =>
        timestamp is null ? DateTimeOffset.MinValue : timestamp.ToDateTimeOffset();

    private static Dictionary<string, string> ToDictionary(MapField<string, string> labels) =>
        new(labels, StringComparer.Ordinal);

    private static bool IsNotFound(RpcException e) => e.StatusCode == StatusCode.NotFound;

    private static Digest ParseDigest(string text, string what) =>
        Digest.TryParse(text, out var digest, out var error)
            ? digest
            : throw new FormatException($"containerd returned an unusable digest for {what}: {error}");
}
