namespace LayerCache.Images.Tests;

/// <summary>The tests that share one <see cref="ImageNode"/>: the images are built and imported once.</summary>
[CollectionDefinition(Name)]
public sealed class ImagesCollection : ICollectionFixture<ImageNode>
{
    public const string Name = "images";
}
