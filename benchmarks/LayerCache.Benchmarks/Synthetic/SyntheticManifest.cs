using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.Benchmarks.Synthetic;

/// <summary>
/// Gives a synthetic image what an agent reads from containerd: an OCI image manifest listing its layers, and the
/// manifest's digest, so the image is published by digest with its manifest in the catalog as a real node's is.
/// </summary>
internal static class SyntheticManifest
{
    public static ContainerImage Attach(ContainerImage image)
    {
        var config = Digest.Of(Encoding.UTF8.GetBytes(image.Reference));
        var manifest = OciManifest.Write(config, 1_024 + (image.Layers.Count * 80), image.Layers);
        return new ContainerImage(image.Reference, image.Layers, Digest.Of(manifest)) { Manifest = manifest };
    }
}
