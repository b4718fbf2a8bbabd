using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// A client of the OCI distribution API (https://github.com/opencontainers/distribution-spec/blob/main/spec.md):
/// resolves references to a platform's layers, streams blobs with verification and resume, and pushes (for tests and tools).
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly EndpointHttpClients _clients;
    private readonly RegistryTransport _transport;
    private readonly RegistryAuthenticator _authenticator;
    private readonly RegistryOptions _options;

    public RegistryClient(RegistryOptions? options = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? new RegistryOptions();
        _options.Validate();
        _clients = new EndpointHttpClients(_options, handler);
        var credentials = _options.CredentialSource ?? (_options.UseDockerConfig
            ? DockerConfigCredentials.Load(_options.DockerConfigPath ?? DockerConfigCredentials.DefaultPath())
            : DockerConfigCredentials.Empty);
        _authenticator = new RegistryAuthenticator(_options, credentials);
        _transport = new RegistryTransport(_clients, _options, _authenticator);
    }

    /// <summary>Tokens fetched from token servers so far; cached tokens are not counted again.</summary>
    public int TokensFetched => _authenticator.TokensFetched;

    public Task<ResolvedImage> ResolveAsync(string reference, Platform? platform = null, CancellationToken cancellationToken = default) =>
        ResolveAsync(ImageReference.Parse(reference), platform, cancellationToken);

    /// <summary>
    /// Resolves a tag or digest to the manifest for <paramref name="platform"/> (this machine's by default), following an index
    /// or manifest list, and returns its layers. Every manifest's bytes are checked against the digest they were fetched by.
    /// </summary>
    public async Task<ResolvedImage> ResolveAsync(ImageReference reference, Platform? platform = null, CancellationToken cancellationToken = default)
    {
        platform ??= Platform.Current;
        var top = await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        var document = ManifestDocument.Parse(top.Bytes.Span, top.Descriptor.MediaType, reference.ToString());
        var manifest = top.Descriptor;
        if (document.IsIndex)
        {
            var chosen = Choose(document.Manifests, platform)
                ?? throw new RegistryNotFoundException(
                    $"{reference} has no manifest for {platform}; it has {string.Join(", ", document.Manifests.Select(m => m.Platform?.ToString() ?? "?"))}.");
            var child = await GetManifestAsync(reference.WithDigest(chosen.Digest), cancellationToken).ConfigureAwait(false);
            if (child.Bytes.Length != chosen.SizeBytes)
            {
                throw new BlobVerificationException(chosen.Digest, $"the manifest is {child.Bytes.Length} bytes, the index says {chosen.SizeBytes}");
            }

            document = ManifestDocument.Parse(child.Bytes.Span, child.Descriptor.MediaType, $"{reference} ({platform})");
            if (document.IsIndex)
            {
                throw new UnsupportedMediaTypeException(document.MediaType, $"the {platform} entry of {reference} (an index inside an index)");
            }

            manifest = child.Descriptor with { Platform = chosen.Platform };
        }

        var layers = document.Layers.Select(l => new Layer(l.Digest, l.SizeBytes, l.MediaType)).ToList();
        var image = new ContainerImage(reference.ToString(), layers, manifest.Digest);
        return new ResolvedImage(reference, top.Descriptor, manifest, document.Config!, image);
    }

    /// <summary>
    /// Fetches one manifest or index, verified against the reference's digest and the registry's Docker-Content-Digest, from
    /// the first of the registry's endpoints that may (a tag needs <c>resolve</c>, a digest <c>pull</c>) and has it.
    /// </summary>
    public Task<ManifestContent> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default) =>
        OnEndpointsAsync(reference.Registry, ManifestCapability(reference), e => GetManifestAsync(e, reference, cancellationToken), cancellationToken);

    private async Task<ManifestContent> GetManifestAsync(RegistryEndpoint endpoint, ImageReference reference, CancellationToken cancellationToken)
    {
        var request = ManifestRequest(endpoint, HttpMethod.Get, reference);
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.ToExceptionAsync(response, $"Manifest {reference}", cancellationToken).ConfigureAwait(false);
        }

        var bytes = await ReadLimitedAsync(response, _options.MaxManifestBytes, reference, cancellationToken).ConfigureAwait(false);
        var digest = Digest.Of(bytes);
        if (reference.Digest is { } expected && expected != digest)
        {
            throw new BlobVerificationException(expected, $"the manifest bytes hash to {digest}");
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
            Digest.TryParse(values.FirstOrDefault(), out var stated) && stated != digest)
        {
            throw new BlobVerificationException(stated, $"the manifest bytes of {reference} hash to {digest}, not to the Docker-Content-Digest");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        return new ManifestContent(new Descriptor(mediaType, digest, bytes.Length), bytes);
    }

    /// <summary>
    /// What a tag or digest points at, by HEAD: media type, digest (Docker-Content-Digest) and size, without the body.
    /// Cheap for polling a tag; registries such as Docker Hub do not count HEADs against pull limits.
    /// </summary>
    public Task<Descriptor> HeadManifestAsync(ImageReference reference, CancellationToken cancellationToken = default) =>
        OnEndpointsAsync(reference.Registry, ManifestCapability(reference), e => HeadManifestAsync(e, reference, cancellationToken), cancellationToken);

    private async Task<Descriptor> HeadManifestAsync(RegistryEndpoint endpoint, ImageReference reference, CancellationToken cancellationToken)
    {
        var request = ManifestRequest(endpoint, HttpMethod.Head, reference);
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.ToExceptionAsync(response, $"Manifest {reference}", cancellationToken).ConfigureAwait(false);
        }

        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var stated)
            ? stated
            : reference.Digest ?? throw new RegistryException($"The registry answered HEAD {reference} without a Docker-Content-Digest; GET the manifest instead.");
        if (reference.Digest is { } expected && expected != digest)
        {
            throw new BlobVerificationException(expected, $"the registry says the manifest is {digest}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        var size = response.Content.Headers.ContentLength
            ?? throw new RegistryException($"The registry answered HEAD {reference} without a Content-Length; GET the manifest instead.");
        return new Descriptor(mediaType, digest, size);
    }

    public void Dispose() => _clients.Dispose();

    private static Descriptor? Choose(IReadOnlyList<Descriptor> manifests, Platform platform)
    {
        var candidates = manifests.Where(m => m.Platform is not null && platform.Matches(m.Platform)).ToList();
        return candidates.FirstOrDefault(m => m.Platform!.Variant == platform.Variant) ?? candidates.FirstOrDefault();
    }

    // A mirror learns which registry a request is for from "ns", as containerd tells it (docs/hosts.md).
    private static Uri RepositoryUri(RegistryEndpoint endpoint, ImageReference reference, string path) =>
        new(endpoint.Root, $"{reference.Repository}/{path}{(endpoint.IsMirror ? $"?ns={Uri.EscapeDataString(endpoint.Registry)}" : string.Empty)}");

    private static RegistryRequest ManifestRequest(RegistryEndpoint endpoint, HttpMethod method, ImageReference reference) =>
        new(method, RepositoryUri(endpoint, reference, $"manifests/{reference.ManifestReference}"), PullScope(reference))
        {
            Accept = MediaTypes.AcceptedManifests,
            Endpoint = endpoint,
        };

    private static string PullScope(ImageReference reference) => $"repository:{reference.Repository}:pull";

    private static string PushScope(ImageReference reference) => $"repository:{reference.Repository}:pull,push";

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int limit, ImageReference reference, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new RegistryException($"The manifest of {reference} is {response.Content.Headers.ContentLength} bytes, over the {limit}-byte limit.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw new RegistryException($"The manifest of {reference} is over the {limit}-byte limit.");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
