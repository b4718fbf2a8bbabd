using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// The names snapshotters commit unpacked layers under. The chain ID of an image's first layer is its diff ID; each
/// next one is the SHA-256 of the text "PARENT_CHAIN_ID DIFF_ID" (the OCI image spec's definition), so one chain ID
/// stands for a layer together with everything below it, and images that share a base share its snapshots.
/// </summary>
public static class ChainIds
{
    public static Digest Next(Digest? parent, Digest diffId) =>
        parent is not { } p ? diffId : Digest.Of(Encoding.ASCII.GetBytes($"{p.Value} {diffId.Value}"));

    /// <summary>The chain ID of each layer in turn, base first.</summary>
    public static IReadOnlyList<Digest> Of(IReadOnlyList<Digest> diffIds)
    {
        var chain = new List<Digest>(diffIds.Count);
        Digest? parent = null;
        foreach (var diffId in diffIds)
        {
            parent = Next(parent, diffId);
            chain.Add(parent.Value);
        }

        return chain;
    }
}
