using System.Collections.Concurrent;
using LayerCache.Core.Inventory;

namespace LayerCache.Cluster.Tests.Support;

/// <summary>
/// Publishes a new random inventory again and again, as an agent would, retrying after Redis failures, and keeps
/// what went under which sequence (a sequence may be reused after Redis lost writes, so each keeps a list).
/// </summary>
internal sealed class PublishingAgent(InventoryPublisher publisher)
{
    private readonly ConcurrentDictionary<long, ConcurrentBag<InventorySnapshot>> _published = new();
    private readonly ConcurrentBag<InventorySnapshot> _uncertain = [];
    private int _attempts;

    public InventoryPublisher Publisher => publisher;

    public int Attempts => Volatile.Read(ref _attempts);

    public int PublishedCount => _published.Values.Sum(b => b.Count);

    public ConcurrentBag<string> Failures { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(13);
        while (!stop.IsCancellationRequested)
        {
            var snapshot = TestData.RandomSnapshot(random);
            var before = publisher.Sequence;
            try
            {
                Add(await publisher.PublishAsync(snapshot, CancellationToken.None), snapshot);
            }
            catch (Exception e) when (RedisConnection.IsFailure(e))
            {
                Failures.Add(e.Message);
                if (publisher.Sequence != before)
                {
                    // The snapshot was written; appending its delta failed.
                    Add(publisher.Sequence, snapshot);
                }
                else
                {
                    // Whether Redis took it, and under which sequence, is unknown.
                    _uncertain.Add(snapshot);
                }
            }

            Interlocked.Increment(ref _attempts);
        }
    }

    /// <summary>Fails unless <paramref name="snapshot"/> is what was published under <paramref name="sequence"/> (or a publish of unknown fate).</summary>
    public void AssertPublished(long sequence, InventorySnapshot snapshot)
    {
        var candidates = _published.TryGetValue(sequence, out var bag) ? bag.Concat(_uncertain) : _uncertain;
        Assert.True(candidates.Any(c => Same(c, snapshot)), $"the snapshot read under sequence {sequence} was never published under it");
    }

    private void Add(long sequence, InventorySnapshot snapshot) => _published.GetOrAdd(sequence, _ => []).Add(snapshot);

    private static bool Same(InventorySnapshot a, InventorySnapshot b)
    {
        try
        {
            TestData.AssertEquivalent(a, b);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }
}
