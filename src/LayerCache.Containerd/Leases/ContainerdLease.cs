namespace LayerCache.Containerd;

/// <summary>A lease: while it exists, the resources it holds survive garbage collection.</summary>
public sealed record ContainerdLease(string Id, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>When garbage collection may delete the lease (its <see cref="ContainerdLabels.GcExpire"/> label); null for never.</summary>
    public DateTimeOffset? ExpiresAt => ContainerdLabels.ParseExpiry(Labels.GetValueOrDefault(ContainerdLabels.GcExpire));
}
