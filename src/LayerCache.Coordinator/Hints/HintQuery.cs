using LayerCache.Coordinator.View;

namespace LayerCache.Coordinator.Hints;

/// <summary>The checks REST and gRPC hints make alike before scoring: some images, not too many, each a valid reference.</summary>
public static class HintQuery
{
    /// <summary>Null when the images may be scored, else what is wrong with them.</summary>
    public static string? Check(IReadOnlyList<string> images, int maxImages)
    {
        if (images.Count == 0)
        {
            return "at least one image is required";
        }

        if (images.Count > maxImages)
        {
            return $"{images.Count} images asked for; at most {maxImages} are scored at once";
        }

        foreach (var image in images)
        {
            if (!ImageKey.TryNormalize(image, out _))
            {
                return $"'{image}' is not a valid image reference";
            }
        }

        return null;
    }
}
