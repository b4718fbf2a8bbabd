namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>The test classes that read rendered overlays share one <see cref="RenderedOverlays"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OverlaysCollection : ICollectionFixture<RenderedOverlays>
{
    public const string Name = "rendered overlays";
}
