using System.Net;
using LayerCache.Registry;

namespace LayerCache.Agent.Peers;

/// <summary>The checks of <c>Agent:Peers:*</c>, part of the agent's start-up validation.</summary>
internal static class PeerOptionsCheck
{
    public static IEnumerable<string> Problems(PeerOptions o)
    {
        if (o.Port is < 0 or > 65535)
        {
            yield return $"Agent:Peers:Port must be 0 (off) or a port; got {o.Port}";
        }

        if (o.MirrorPort is < 0 or > 65535 || (o.MirrorPort != 0 && o.MirrorPort == o.Port))
        {
            yield return $"Agent:Peers:MirrorPort must be 0 (off) or a port other than Agent:Peers:Port; got {o.MirrorPort}";
        }

        foreach (var (name, address) in new[] { ("BindAddress", o.BindAddress), ("MirrorBindAddress", o.MirrorBindAddress) })
        {
            if (!IPAddress.TryParse(address, out _))
            {
                yield return $"Agent:Peers:{name} must be an IP address; got '{address}'";
            }
        }

        if (o.Port != 0 && !PeerAddress.TryParse(o.AdvertiseAddress, out _))
        {
            yield return $"Agent:Peers:AdvertiseAddress must be the http:// URL peers reach Agent:Peers:Port at (http://10.0.3.7:{o.Port}) when the port is on; got '{o.AdvertiseAddress}'";
        }

        foreach (var registry in o.MirrorRegistries.Where(r => r != RegistryHosts.DefaultDirectory && !ImageReference.IsRegistryHost(r)))
        {
            yield return $"Agent:Peers:MirrorRegistries holds registry host[:port] names or _default, without a scheme or path; got '{registry}'";
        }

        if (o.MirrorRegistries.Count > 0 && o.MirrorPort == 0)
        {
            yield return "Agent:Peers:MirrorRegistries names registries for the mirror, but Agent:Peers:MirrorPort is 0 (off)";
        }

        if (o.Site.Length > 63)
        {
            yield return $"Agent:Peers:Site must be a label value of 63 characters or fewer; got '{o.Site}'";
        }

        if (o.MaxUploads is < 1 or > 256)
        {
            yield return $"Agent:Peers:MaxUploads must be 1 to 256; got {o.MaxUploads}";
        }

        if (o.UploadBytesPerSecond < 0)
        {
            yield return $"Agent:Peers:UploadBytesPerSecond must be 0 (no cap) or positive; got {o.UploadBytesPerSecond}";
        }

        if (o.StallTimeout < TimeSpan.FromMilliseconds(100) || o.RefreshInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"Agent:Peers:StallTimeout and Agent:Peers:RefreshInterval must be at least 100 ms; got {o.StallTimeout} and {o.RefreshInterval}";
        }

        if (o.MaxPeersPerBlob is < 1 or > 16)
        {
            yield return $"Agent:Peers:MaxPeersPerBlob must be 1 to 16; got {o.MaxPeersPerBlob}";
        }
    }
}
