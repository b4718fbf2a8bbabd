using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.EndToEnd.Images;

/// <summary>A forged layer as the registry holds it: the layer, its diff_id for configs, and the repository it was uploaded to.</summary>
internal sealed record PublishedLayer(Layer Layer, Digest DiffId, ImageReference Home);
