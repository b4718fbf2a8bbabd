using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Workload;

/// <summary>One pod's CRI PullImage on its node: when it ran (wall clock, as containerd stamps its events) and the chain IDs of its image.</summary>
internal sealed record PullWindow(int Pod, int Node, DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlySet<Digest> Chains);
