namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// selectHost: the highest total wins; among equal totals each is chosen with equal chance by reservoir sampling,
/// drawing from the seeded <see cref="Random"/> only on a tie, as the Go code draws rand.Intn.
/// https://github.com/kubernetes/kubernetes/blob/release-1.34/pkg/scheduler/schedule_one.go
/// </summary>
internal static class HostSelection
{
    /// <summary>The index of the chosen total; -1 when there is none.</summary>
    public static int Select(IReadOnlyList<long> totals, Random random)
    {
        if (totals.Count == 0)
        {
            return -1;
        }

        var selected = 0;
        var tied = 1;
        for (var i = 1; i < totals.Count; i++)
        {
            if (totals[i] > totals[selected])
            {
                selected = i;
                tied = 1;
            }
            else if (totals[i] == totals[selected])
            {
                tied++;
                if (random.Next(tied) == 0)
                {
                    selected = i;
                }
            }
        }

        return selected;
    }
}
