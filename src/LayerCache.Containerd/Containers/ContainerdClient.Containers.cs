using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ContainersApi = LayerCache.Containerd.Api.Containers;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    // containerd requires a runtime and a spec on every container record, even one that never runs.
    private const string RuncRuntime = "io.containerd.runc.v2";
    private const string OciSpecTypeUrl = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

    /// <summary>Every container in the namespace, with the image each was made from.</summary>
    public Task<IReadOnlyList<ContainerdContainer>> ListContainersAsync(CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<ContainerdContainer>>(async () =>
        {
            var response = await _containers.ListAsync(new ContainersApi.ListContainersRequest(), Options(cancellationToken));
            return response.Containers.Select(ToContainer).ToList();
        }, cancellationToken);

    /// <summary>Creates container metadata only (no snapshot, no task): enough to pin an image reference.</summary>
    public Task<ContainerdContainer> CreateContainerAsync(string id, string image, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var container = new ContainersApi.Container
            {
                Id = id,
                Image = image,
                Runtime = new ContainersApi.Container.Types.Runtime { Name = RuncRuntime },
                Spec = new Any { TypeUrl = OciSpecTypeUrl, Value = ByteString.CopyFrom("{}", Encoding.UTF8) },
            };
            var response = await _containers.CreateAsync(new ContainersApi.CreateContainerRequest { Container = container }, Options(cancellationToken));
            return ToContainer(response.Container);
        }, cancellationToken);

    /// <summary>Deletes container metadata; false when there was none.</summary>
    public Task<bool> DeleteContainerAsync(string id, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            try
            {
                await _containers.DeleteAsync(new ContainersApi.DeleteContainerRequest { Id = id }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    private static ContainerdContainer ToContainer(ContainersApi.Container container) => new(
        container.Id,
        container.Image,
        container.Snapshotter,
        container.SnapshotKey,
        ToDictionary(container.Labels));
}
