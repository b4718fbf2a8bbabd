using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.Testing.Registry;

/// <summary>A synthetic multi-platform index (OCI index or Docker manifest list) over several images.</summary>
public sealed record TestIndex(Descriptor Index, byte[] IndexBytes, IReadOnlyList<TestImage> Images)
{
    public Digest IndexDigest => Index.Digest;

    public TestImage For(Platform platform) => Images.First(i => platform.Matches(i.Platform));
}
