using System.Security.Cryptography.X509Certificates;

namespace LayerCache.Registry;

/// <summary>
/// One host to reach a registry at: the registry's own server, or a mirror from <c>hosts.toml</c>. <see cref="Root"/> is the
/// API root (<c>https://mirror.example.com/v2/</c>); requests go to <c>{Root}{repository}/manifests/...</c>.
/// </summary>
public sealed record RegistryEndpoint(string Registry, Uri Root, RegistryCapabilities Capabilities, bool IsMirror)
{
    /// <summary>Accept any certificate (<c>skip_verify</c>): no chain and no name check.</summary>
    public bool SkipVerify { get; init; }

    /// <summary>PEM files of extra roots a certificate may chain to (<c>ca</c>), besides the system's.</summary>
    public IReadOnlyList<string> CaFiles { get; init; } = [];

    /// <summary>The certificates of <see cref="CaFiles"/>, once read.</summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    /// <summary>
    /// Whose credentials go to this host: the registry's for its own server, whatever address that has; a mirror's own
    /// (by its host name), so a mirror never receives the credentials of the registry it mirrors.
    /// </summary>
    public string CredentialHost => IsMirror ? Root.Authority : Registry;

    public bool IsPlainHttp => Root.Scheme == Uri.UriSchemeHttp;

    /// <summary>The server a registry has without any hosts.toml: Docker Hub's API host, else the registry itself.</summary>
    public static RegistryEndpoint Default(string registry, bool plainHttp)
    {
        var host = registry == ImageReference.DockerHub ? ImageReference.DockerHubEndpoint : registry;
        return new RegistryEndpoint(registry, new Uri($"{(plainHttp ? "http" : "https")}://{host}/v2/"), RegistryCapabilities.All, IsMirror: false);
    }

    public override string ToString() => $"{Root.GetLeftPart(UriPartial.Authority)}{(IsMirror ? $" (mirror of {Registry})" : string.Empty)}";
}
