namespace LayerCache.Registry;

/// <summary>What a registry host may be asked for, as containerd's <c>hosts.toml</c> <c>capabilities</c> says.</summary>
[Flags]
public enum RegistryCapabilities
{
    None = 0,

    /// <summary>Fetch content by digest: blobs, and manifests named by digest.</summary>
    Pull = 1,

    /// <summary>Turn a tag into a digest (a manifest fetched by tag).</summary>
    Resolve = 2,

    Push = 4,

    All = Pull | Resolve | Push,
}
