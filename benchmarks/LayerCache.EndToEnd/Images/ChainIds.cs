using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// The OCI chain IDs of an image's layers, which name the snapshots containerd unpacks them into: the first is the
/// first layer's diff_id, each next one the SHA-256 of the text "&lt;previous chain id&gt; &lt;diff_id&gt;".
/// </summary>
internal static class ChainIds
{
    /// <summary>One chain ID per layer, base first, from the image config's <c>rootfs.diff_ids</c>.</summary>
    public static IReadOnlyList<Digest> Of(IReadOnlyList<Digest> diffIds)
    {
        var chain = new Digest[diffIds.Count];
        for (var i = 0; i < diffIds.Count; i++)
        {
            chain[i] = i == 0 ? diffIds[0] : Digest.FromHash(SHA256.HashData(Encoding.ASCII.GetBytes($"{chain[i - 1].Value} {diffIds[i].Value}")));
        }

        return chain;
    }
}
