using Grpc.Core;
using LayerCache.Containerd;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The agent's leases as containerd has them, read straight from containerd rather than through the agent.</summary>
public static class LeaseProbe
{
    /// <summary>The default Agent:LeaseId: the agent's leases are this id, or start with it and a dot.</summary>
    public const string Prefix = "layercache-agent";

    public static async Task<IReadOnlyList<ContainerdLease>> OursAsync(ContainerdClient client, string prefix = Prefix) =>
        [.. (await client.ListLeasesAsync(CancellationToken.None)).Where(l => l.Id == prefix || l.Id.StartsWith(prefix + ".", StringComparison.Ordinal))];

    /// <summary>Every blob one of the agent's leases holds.</summary>
    public static async Task<HashSet<Digest>> HeldBlobsAsync(ContainerdClient client, string prefix = Prefix)
    {
        var held = new HashSet<Digest>();
        foreach (var lease in await OursAsync(client, prefix))
        {
            try
            {
                held.UnionWith(await client.ListLeaseContentAsync(lease.Id, CancellationToken.None));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Renewed away between the two calls; its successor is in the next read.
            }
        }

        return held;
    }

    /// <summary>The latest time any of the agent's leases expires; null when none is left.</summary>
    public static async Task<DateTimeOffset?> LastExpiryAsync(ContainerdClient client, string prefix = Prefix)
    {
        var ours = await OursAsync(client, prefix);
        return ours.Count == 0 ? null : ours.Max(l => l.ExpiresAt ?? DateTimeOffset.MaxValue);
    }
}
