namespace LayerCache.Registry;

/// <summary>Which hosts a request goes to: the registry's endpoints from its hosts.toml, mirrors first, falling back in order.</summary>
public sealed partial class RegistryClient
{
    /// <summary>
    /// The credential this client would log in to <paramref name="registry"/> with, and the address of the registry's own server
    /// (its hosts.toml <c>server</c>, else the registry), for handing to another puller; null when it has no credential.
    /// </summary>
    public RegistryLogin? LoginFor(string registry)
    {
        if (_authenticator.FindCredential(registry) is not { } credential)
        {
            return null;
        }

        var server = _options.EndpointsFor(registry).Last(e => !e.IsMirror);
        return new RegistryLogin(new Uri(server.Root.GetLeftPart(UriPartial.Authority)), credential);
    }

    // A manifest by tag turns the tag into a digest (resolve); by digest it is content like a blob (pull).
    private static RegistryCapabilities ManifestCapability(ImageReference reference) =>
        reference.Digest is null ? RegistryCapabilities.Resolve : RegistryCapabilities.Pull;

    private List<RegistryEndpoint> Endpoints(string registry, RegistryCapabilities needed)
    {
        var endpoints = _options.EndpointsFor(registry).Where(e => (e.Capabilities & needed) == needed).ToList();
        return endpoints.Count > 0
            ? endpoints
            : throw new RegistryException($"No host of {registry} has the {needed.ToString().ToLowerInvariant()} capability; see its hosts.toml.");
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> against each endpoint in turn until one succeeds; a failing mirror passes the request on
    /// (and is reported), the last endpoint's failure is the caller's.
    /// </summary>
    private async Task<T> OnEndpointsAsync<T>(string registry, RegistryCapabilities needed, Func<RegistryEndpoint, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var endpoints = Endpoints(registry, needed);
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt(endpoints[i]).ConfigureAwait(false);
            }
            catch (RegistryException e) when (i < endpoints.Count - 1 && !cancellationToken.IsCancellationRequested)
            {
                _transport.ReportFallback(endpoints[i], e);
            }
        }
    }

    /// <summary>The GET of a blob on each endpoint that may serve it, in the order to try them.</summary>
    private List<RegistryRequest> BlobSources(ImageReference repository, Core.Model.Digest digest) =>
        Endpoints(repository.Registry, RegistryCapabilities.Pull)
            .Select(e => new RegistryRequest(HttpMethod.Get, RepositoryUri(e, repository, $"blobs/{digest}"), PullScope(repository)) { Endpoint = e })
            .ToList();
}
