using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

/// <summary>Node images fixed by the test: node name to normalized reference and size.</summary>
internal sealed class StaticNodeImages(Dictionary<string, Dictionary<string, long>> images) : INodeImages
{
    public IReadOnlyDictionary<string, long> ImagesOn(string node) =>
        images.TryGetValue(node, out var held) ? held : new Dictionary<string, long>();
}
