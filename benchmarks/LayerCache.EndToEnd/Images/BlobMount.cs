using System.Net;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// Cross-repository blob mount (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository):
/// distribution links blobs per repository, so a layer shared by img-00001 and img-00007 must be linked into both, and a
/// mount does that without sending the bytes again. Plain HTTP and anonymous: the site's registry is the harness's own.
/// </summary>
internal sealed class BlobMount(HttpClient http, string registryHost)
{
    /// <summary>Links <paramref name="digest"/> from <paramref name="fromRepository"/> into <paramref name="repository"/>; false when the registry declined.</summary>
    public async Task<bool> TryMountAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken)
    {
        var uri = new Uri($"http://{registryHost}/v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.Value)}&from={Uri.EscapeDataString(fromRepository)}");
        using var response = await http.PostAsync(uri, new ByteArrayContent([]), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            // The registry opened an ordinary upload instead; cancel it so it does not linger until the purge.
            var session = location.IsAbsoluteUri ? location : new Uri(uri, location);
            using var cancelled = await http.DeleteAsync(session, cancellationToken).ConfigureAwait(false);
            return false;
        }

        throw new HttpRequestException(
            $"Mounting {digest.ToShortString()} from {fromRepository} into {repository} answered {(int)response.StatusCode}.", null, response.StatusCode);
    }
}
