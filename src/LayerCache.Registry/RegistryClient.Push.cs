using System.Net;
using System.Net.Http.Headers;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>Uploads, for the test fixture and tools: monolithic blob upload and manifest PUT.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Uploads a blob monolithically (POST an upload, then PUT ?digest=), unless the registry already has it.</summary>
    public async Task<Descriptor> PushBlobAsync(ImageReference repository, ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken = default)
    {
        var digest = Digest.Of(content.Span);
        var descriptor = new Descriptor(mediaType, digest, content.Length);
        var endpoint = Endpoints(repository.Registry, RegistryCapabilities.Push)[0];
        if (await BlobExistsAsync(endpoint, repository, digest, cancellationToken).ConfigureAwait(false))
        {
            return descriptor;
        }

        var scope = PushScope(repository);
        var start = new RegistryRequest(HttpMethod.Post, RepositoryUri(endpoint, repository, "blobs/uploads/"), scope)
        {
            Content = () => new ByteArrayContent([]),
            Endpoint = endpoint,
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
            Endpoint = endpoint,
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
        var digest = Digest.Of(content.Span);
        var endpoint = Endpoints(repository.Registry, RegistryCapabilities.Push)[0];
        var request = new RegistryRequest(HttpMethod.Put, RepositoryUri(endpoint, repository, $"manifests/{tagOrDigest}"), PushScope(repository))
        {
            Endpoint = endpoint,
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

    private static ByteArrayContent Octets(ReadOnlyMemory<byte> content)
    {
        var body = new ByteArrayContent(content.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }
}
