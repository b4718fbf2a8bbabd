namespace LayerCache.EndToEnd.Site;

/// <summary>What of the harness exists on the host right now; empty when no run is live and none left anything.</summary>
internal sealed record LeftoverScan(
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<string> Links,
    IReadOnlyList<int> Processes,
    IReadOnlyList<string> Mounts,
    IReadOnlyList<string> RunDirectories)
{
    public bool IsEmpty =>
        Namespaces.Count == 0 && Links.Count == 0 && Processes.Count == 0 && Mounts.Count == 0 && RunDirectories.Count == 0;

    public override string ToString() =>
        IsEmpty
            ? "nothing"
            : $"namespaces [{string.Join(", ", Namespaces)}], links [{string.Join(", ", Links)}], processes [{string.Join(", ", Processes)}], "
                + $"mounts [{string.Join(", ", Mounts)}], run directories [{string.Join(", ", RunDirectories)}]";
}
