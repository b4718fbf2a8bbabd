namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// The images a node reports in its status (node.status.images): every name of each image, normalized as
/// ImageLocality looks them up, with the image's size in bytes. The kubelet reports at most the 50 largest.
/// </summary>
internal interface INodeImages
{
    IReadOnlyDictionary<string, long> ImagesOn(string node);
}
