using System.Collections.Concurrent;
using LayerCache.Core.Inventory;

namespace LayerCache.Cluster.Tests.Support;

/// <summary>Reads one node's snapshot again and again, as the coordinator's resync does, keeping every read.</summary>
internal sealed class ReadingCoordinator(InventoryReader reader, string node)
{
    private int _attempts;
    private int _missing;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Reads that found no snapshot of the node at all.</summary>
    public int Missing => Volatile.Read(ref _missing);

    public ConcurrentQueue<(long Sequence, InventorySnapshot Snapshot)> Reads { get; } = new();

    public ConcurrentBag<string> Failures { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await reader.ReadSnapshotAsync(node, CancellationToken.None) is { } inventory)
                {
                    Reads.Enqueue((inventory.Sequence, inventory.Snapshot));
                }
                else
                {
                    Interlocked.Increment(ref _missing);
                }
            }
            catch (Exception e) when (RedisConnection.IsFailure(e))
            {
                Failures.Add(e.Message);
            }

            Interlocked.Increment(ref _attempts);
        }
    }
}
