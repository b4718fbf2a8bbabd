using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Peers;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> of the OCI distribution API, the one path peers and the mirror answer:
/// a repository name as the spec allows it and a sha256 digest. Nothing by tag, no manifests.
/// </summary>
public static partial class BlobPath
{
    public static bool TryParse(string? path, [NotNullWhen(true)] out string? repository, out Digest digest)
    {
        repository = null;
        digest = default;
        var match = path is { Length: <= 512 } ? Shape().Match(path) : Match.Empty;
        if (!match.Success || !Digest.TryParse(match.Groups["digest"].Value, out digest))
        {
            return false;
        }

        repository = match.Groups["name"].Value;
        return true;
    }

    // The repository name grammar of the OCI distribution spec, then the blob's digest.
    [GeneratedRegex(@"^/v2/(?<name>[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*)/blobs/(?<digest>sha256:[a-f0-9]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
