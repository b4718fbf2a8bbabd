namespace LayerCache.Containerd;

public enum ImageResolutionFailure
{
    /// <summary>A blob the image needs is not in the content store (garbage collection may have taken it).</summary>
    ContentMissing,

    /// <summary>The index lists no manifest for the node's platform.</summary>
    NoManifestForPlatform,

    /// <summary>The blob is not an index or manifest we read (e.g. a Docker schema 1 manifest).</summary>
    UnsupportedMediaType,

    /// <summary>The blob is not valid JSON of the expected shape.</summary>
    InvalidDocument,
}
