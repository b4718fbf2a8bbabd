namespace LayerCache.EndToEnd.Runs;

/// <summary>One policy's run: which policy, the extender's weight, and the label it reports under.</summary>
internal sealed record PolicyRunSettings(PolicyKind Kind, int Weight, string Label);
