using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.Coordinator.Tests.Support;

/// <summary>Layers with stable digests made from a name, so a test reads in names and sizes.</summary>
public static class Layers
{
    public const long MB = 1_000_000;

    public static Layer Of(string name, long bytes) => new(Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(name))), bytes);

    public static ContainerImage Image(string reference, params Layer[] layers) => new(reference, layers);
}
