using System.Globalization;
using LayerCache.Core.Model;

namespace LayerCache.Simulator.Tests.Support;

/// <summary>Layers and digests with readable ids: id 1 is sha256:000...001.</summary>
public static class TestLayers
{
    public static string DigestText(int id) => "sha256:" + id.ToString("x64", CultureInfo.InvariantCulture);

    public static Layer Layer(int id, long sizeBytes) => new(Digest.Parse(DigestText(id)), sizeBytes);
}
