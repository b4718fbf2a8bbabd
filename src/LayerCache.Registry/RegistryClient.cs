using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// A client of the OCI distribution API (https://github.com/opencontainers/distribution-spec/blob/main/spec.md):
/// resolves references to a platform's layers, streams blobs with verification and resume, and pushes (for tests and tools).
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryTransport _transport;
    private readonly RegistryAuthenticator _authenticator;
    private readonly RegistryOptions _options;

    public RegistryClient(RegistryOptions? options = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? new RegistryOptions();
        _options.Validate();
        // Redirects are followed by hand (RegistryTransport) so Authorization never follows one to another host.
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = _options.RequestTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var dockerConfig = _options.UseDockerConfig
            ? DockerConfigCredentials.Load(_options.DockerConfigPath ?? DockerConfigCredentials.DefaultPath())
            : DockerConfigCredentials.Empty;
        _authenticator = new RegistryAuthenticator(_http, _options, dockerConfig);
        _transport = new RegistryTransport(_http, _options, _authenticator);
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

    /// <summary>Fetches one manifest or index, verified against the reference's digest and the registry's Docker-Content-Digest.</summary>
    public async Task<ManifestContent> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        var uri = RepositoryUri(reference, $"manifests/{reference.ManifestReference}");
        var request = new RegistryRequest(HttpMethod.Get, uri, PullScope(reference)) { Accept = MediaTypes.AcceptedManifests };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.ToExceptionAsync(response, $"Manifest {reference}", cancellationToken).ConfigureAwait(false);
        }

        var bytes = await ReadLimitedAsync(response, _options.MaxManifestBytes, reference, cancellationToken).ConfigureAwait(false);
        var digest = Digest.FromHash(SHA256.HashData(bytes));
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
    public async Task<Descriptor> HeadManifestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        var uri = RepositoryUri(reference, $"manifests/{reference.ManifestReference}");
        var request = new RegistryRequest(HttpMethod.Head, uri, PullScope(reference)) { Accept = MediaTypes.AcceptedManifests };
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

    public Task<BlobFetchResult> FetchBlobAsync(
        ImageReference repository, Layer layer, Stream destination, long resumeFrom = 0, CancellationToken cancellationToken = default) =>
        FetchBlobAsync(repository, layer.Digest, layer.SizeBytes, destination, resumeFrom, cancellationToken);

    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, hashing as bytes arrive, resuming with Range after a dropped connection.
    /// Returns only when size and digest matched; otherwise throws (<see cref="BlobVerificationException"/> for wrong bytes) and
    /// the caller must discard what was written. With <paramref name="resumeFrom"/> &gt; 0 the destination must be readable and
    /// seekable and already hold that many bytes, which are hashed again.
    /// </summary>
    public async Task<BlobFetchResult> FetchBlobAsync(
        ImageReference repository, Digest digest, long sizeBytes, Stream destination, long resumeFrom = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resumeFrom, sizeBytes);
        var download = new BlobDownload(_transport, RepositoryUri(repository, $"blobs/{digest}"), PullScope(repository), digest, sizeBytes);
        return await download.RunAsync(destination, resumeFrom, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenBlobAsync(ImageReference repository, Layer layer, long offset = 0, CancellationToken cancellationToken = default) =>
        OpenBlobAsync(repository, layer.Digest, layer.SizeBytes, offset, cancellationToken);

    /// <summary>
    /// Opens a blob for reading from <paramref name="offset"/>, for consumers that pull (containerd's content writer asks for the
    /// bytes from where its earlier write stopped). Dropped connections resume inside the stream. Read from 0, the read that
    /// reaches the end verifies the digest and throws <see cref="BlobVerificationException"/> rather than end cleanly; read from a
    /// later offset only the size is checked here, and the consumer must verify the whole (containerd's Commit with expected does).
    /// </summary>
    public async Task<Stream> OpenBlobAsync(
        ImageReference repository, Digest digest, long sizeBytes, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, sizeBytes);
        var stream = new BlobReadStream(_transport, RepositoryUri(repository, $"blobs/{digest}"), PullScope(repository), digest, sizeBytes, offset, null);
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken = default)
    {
        var request = new RegistryRequest(HttpMethod.Head, RepositoryUri(repository, $"blobs/{digest}"), PullScope(repository));
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Uploads a blob monolithically (POST an upload, then PUT ?digest=), unless the registry already has it.</summary>
    public async Task<Descriptor> PushBlobAsync(ImageReference repository, ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken = default)
    {
        var digest = Digest.FromHash(SHA256.HashData(content.Span));
        var descriptor = new Descriptor(mediaType, digest, content.Length);
        if (await BlobExistsAsync(repository, digest, cancellationToken).ConfigureAwait(false))
        {
            return descriptor;
        }

        var scope = PushScope(repository);
        var start = new RegistryRequest(HttpMethod.Post, RepositoryUri(repository, "blobs/uploads/"), scope)
        {
            Content = () => new ByteArrayContent([]),
        };
        Uri location;
        using (var started = await _transport.SendAsync(start, cancellationToken).ConfigureAwait(false))
        {
            if (started.StatusCode != HttpStatusCode.Accepted || started.Headers.Location is null)
            {
                throw await RegistryErrors.ToExceptionAsync(started, $"Starting an upload to {repository.Name}", cancellationToken).ConfigureAwait(false);
            }

            location = started.Headers.Location.IsAbsoluteUri ? started.Headers.Location : new Uri(start.Uri, started.Headers.Location);
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new RegistryRequest(HttpMethod.Put, new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest.Value)}"), scope)
        {
            Content = () => Octets(content),
        };
        using var finished = await _transport.SendAsync(put, cancellationToken).ConfigureAwait(false);
        if (finished.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.ToExceptionAsync(finished, $"Uploading blob {digest} to {repository.Name}", cancellationToken).ConfigureAwait(false);
        }

        return descriptor;
    }

    /// <summary>Puts a manifest or index under a tag or its digest.</summary>
    public async Task<Descriptor> PushManifestAsync(
        ImageReference repository, string tagOrDigest, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var digest = Digest.FromHash(SHA256.HashData(content.Span));
        var request = new RegistryRequest(HttpMethod.Put, RepositoryUri(repository, $"manifests/{tagOrDigest}"), PushScope(repository))
        {
            Content = () =>
            {
                var body = Octets(content);
                body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return body;
            },
        };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.ToExceptionAsync(response, $"Putting manifest {repository.Name}:{tagOrDigest}", cancellationToken).ConfigureAwait(false);
        }

        return new Descriptor(mediaType, digest, content.Length);
    }

    public void Dispose() => _http.Dispose();

    private static Descriptor? Choose(IReadOnlyList<Descriptor> manifests, Platform platform)
    {
        var candidates = manifests.Where(m => m.Platform is not null && platform.Matches(m.Platform)).ToList();
        return candidates.FirstOrDefault(m => m.Platform!.Variant == platform.Variant) ?? candidates.FirstOrDefault();
    }

    private Uri RepositoryUri(ImageReference reference, string path) =>
        new(_transport.BaseUri(reference.EndpointHost), $"v2/{reference.Repository}/{path}");

    private static string PullScope(ImageReference reference) => $"repository:{reference.Repository}:pull";

    private static string PushScope(ImageReference reference) => $"repository:{reference.Repository}:pull,push";

    private static ByteArrayContent Octets(ReadOnlyMemory<byte> content)
    {
        var body = new ByteArrayContent(content.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

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
