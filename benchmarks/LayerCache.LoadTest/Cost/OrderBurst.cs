using LayerCache.Cluster;
using LayerCache.Core.Model;

namespace LayerCache.LoadTest.Cost;

/// <summary>
/// Prefetch orders as the coordinator issues them (<see cref="OrderQueue.AppendAsync"/>, unsigned): every
/// <c>every</c>, one <see cref="PrefetchLayersOrder"/> to each node, of a catalog image it lacks, naming the layers it lacks.
/// </summary>
public sealed class OrderBurst(IReadOnlyList<SyntheticAgent> agents, IReadOnlyList<ContainerImage> catalog, OrderQueue orders, AgentCounters counters, TimeProvider time)
{
    private const int Parallel = 16;

    public async Task IssueAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(every, time);
            do
            {
                await System.Threading.Tasks.Parallel.ForAsync(
                    0,
                    agents.Count,
                    new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
                    async (i, token) => await AppendAsync(agents[i], token).ConfigureAwait(false)).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The burst is over.
        }
    }

    private async Task AppendAsync(SyntheticAgent agent, CancellationToken cancellationToken)
    {
        var (image, missing) = agent.Lacking(catalog);
        var order = new PrefetchLayersOrder(Guid.NewGuid().ToString("N"), agent.Name, image.Reference, missing, time.GetUtcNow())
        {
            Reason = $"an operator asked for {image.Reference} on {agent.Name}",
        };
        await orders.AppendAsync(order, cancellationToken).ConfigureAwait(false);
        counters.OrderAppended();
    }
}
