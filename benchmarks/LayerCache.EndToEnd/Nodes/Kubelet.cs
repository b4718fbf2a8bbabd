using System.Diagnostics;
using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// What a kubelet does to start and stop a pod's container on one node: the image pull through the CRI with the
/// IfNotPresent policy (a status check, and a PullImage only when the image is missing), then the container created
/// and its task started. The container start uses <c>ctr run</c>, containerd's own client: a CRI sandbox would need
/// CNI and a pause image, which an edge site's start-up time does not depend on.
/// </summary>
internal sealed class Kubelet(ContainerdClient client, string socketPath, string snapshotter, TimeProvider time)
{
    public const string CtrPath = "/usr/bin/ctr";
    private const int MaxPullAttempts = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public async Task<PodStart> StartAsync(string reference, string containerId, CancellationToken cancellationToken)
    {
        var pulled = false;
        var attempts = 0;
        var pull = Stopwatch.StartNew();
        DateTimeOffset pullStartedAt = default;
        if (await client.ImageStatusAsync(reference, cancellationToken).ConfigureAwait(false) is null)
        {
            pulled = true;
            pullStartedAt = time.GetUtcNow();
            while (true)
            {
                attempts++;
                try
                {
                    await client.PullImageAsync(reference, cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (RpcException) when (attempts < MaxPullAttempts && !cancellationToken.IsCancellationRequested)
                {
                    // The kubelet retries a failed pull with a back-off; the retry's time counts toward the start-up.
                    await Task.Delay(TimeSpan.FromSeconds(attempts), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var pullSeconds = pull.Elapsed.TotalSeconds;
        var pullEndedAt = pulled ? time.GetUtcNow() : default;
        var start = Stopwatch.StartNew();
        await Ctr(cancellationToken, "run", "-d", "--snapshotter", snapshotter, reference, containerId).ConfigureAwait(false);
        return new PodStart(pulled, pullSeconds, start.Elapsed.TotalSeconds, attempts) { PullStartedAt = pullStartedAt, PullEndedAt = pullEndedAt };
    }

    /// <summary>Kills the pod's task and removes its container and the container's snapshot.</summary>
    public async Task StopAsync(string containerId, CancellationToken cancellationToken)
    {
        await Ctr(cancellationToken, "task", "rm", "-f", containerId).ConfigureAwait(false);
        await Ctr(cancellationToken, "container", "rm", containerId).ConfigureAwait(false);
    }

    private async Task Ctr(CancellationToken cancellationToken, params string[] arguments)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CommandTimeout);
        await HostCommand.RunAsync(CtrPath, ["--address", socketPath, "--namespace", ContainerdClientOptions.KubernetesNamespace, .. arguments], limit.Token).ConfigureAwait(false);
    }
}
