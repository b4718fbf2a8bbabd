using System.Diagnostics.CodeAnalysis;

namespace LayerCache.Agent.Peers;

/// <summary>
/// Where a peer serves its blobs: an absolute <c>http://</c> or <c>https://</c> URL of a host and port only. Read from
/// other nodes' heartbeats, so checked before the agent connects anywhere.
/// </summary>
public static class PeerAddress
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > 256 || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var plain = uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
        if (!plain || uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.Port is <= 0 or > 65535)
        {
            return false;
        }

        address = uri;
        return true;
    }
}
