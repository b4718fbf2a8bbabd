using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LayerCache.Registry;

/// <summary>
/// Answers 401 challenges: Bearer tokens from the challenge's realm (docs/spec/auth/token.md in distribution),
/// cached per (host, scope) until they expire, or Basic credentials. Credentials come from the options, then docker's config.json.
/// </summary>
internal sealed class RegistryAuthenticator(RegistryOptions options, IRegistryCredentials fileCredentials)
{
    // Tokens are renewed this long before their stated expiry, so a request never carries one that expires on the way.
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(10);
    private const string AnyScope = "*";

    private readonly ConcurrentDictionary<(string Host, string Scope), CachedAuthorization> _cache = new();

    /// <summary>How many tokens were fetched from token servers (tests check caching with it).</summary>
    public int TokensFetched => _tokensFetched;

    private int _tokensFetched;

    public AuthenticationHeaderValue? CachedHeader(string host, string scope)
    {
        var now = options.TimeProvider.GetUtcNow();
        if (_cache.TryGetValue((host, scope), out var cached) && cached.ExpiresAt > now)
        {
            return cached.Header;
        }

        return _cache.TryGetValue((host, AnyScope), out var basic) ? basic.Header : null;
    }

    public void Forget(string host, string scope) => _cache.TryRemove((host, scope), out _);

    /// <summary>Gets what the challenge asks for and caches it; throws <see cref="RegistryAuthenticationException"/> when it cannot.</summary>
    public async Task AuthorizeAsync(RegistryRequest request, AuthChallenge challenge, HttpClient http, CancellationToken cancellationToken)
    {
        var (host, scope) = (request.Host, request.Scope);
        var credential = FindCredential(request.CredentialHost);
        if (challenge.IsBasic)
        {
            if (credential?.Username is null)
            {
                throw new RegistryAuthenticationException($"Registry {host} requires Basic authentication and no credentials are configured for it.");
            }

            _cache[(host, AnyScope)] = new CachedAuthorization(BasicHeader(credential), DateTimeOffset.MaxValue);
            return;
        }

        if (!challenge.IsBearer || challenge.Get("realm") is not { Length: > 0 } realm)
        {
            throw new RegistryAuthenticationException($"Registry {host} sent an authentication challenge this client does not support: '{challenge.Scheme}'.");
        }

        var header = await FetchTokenAsync(http, host, realm, challenge.Get("service"), scope, credential, cancellationToken).ConfigureAwait(false);
        _cache[(host, scope)] = header;
    }

    /// <summary>The credential for a registry (or a mirror's host): the options' first, then the credentials file's.</summary>
    public RegistryCredential? FindCredential(string host) =>
        options.Credentials.TryGetValue(host, out var configured) ? configured : fileCredentials.Find(host);

    private async Task<CachedAuthorization> FetchTokenAsync(
        HttpClient http, string host, string realm, string? service, string scope, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
        {
            throw new RegistryAuthenticationException($"Registry {host} named an invalid token realm '{realm}'.");
        }

        if (realmUri.Scheme == Uri.UriSchemeHttp && !options.AllowsPlainHttp(realmUri))
        {
            throw new InsecureRegistryException(realmUri);
        }

        using var request = BuildTokenRequest(realmUri, service, scope, credential);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RegistryException($"Token server {realmUri.Authority} for {host} could not be reached: {e.Message}", innerException: e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var who = credential is null ? "anonymous access" : $"the credentials of '{credential}'";
                throw new RegistryAuthenticationException(
                    $"Token server {realmUri.Authority} refused {who} for {host} (scope '{scope}'): {(int)response.StatusCode} {response.ReasonPhrase}.",
                    response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryException($"Token server {realmUri.Authority} for {host} answered {(int)response.StatusCode} {response.ReasonPhrase}.", response.StatusCode);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _tokensFetched);
            return ParseToken(host, body);
        }
    }

    private HttpRequestMessage BuildTokenRequest(Uri realm, string? service, string scope, RegistryCredential? credential)
    {
        if (credential?.IdentityToken is { } refreshToken)
        {
            // An identity token is an OAuth2 refresh token, exchanged by POST (distribution's docs/spec/auth/oauth.md).
            var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = "layercache" };
            if (service is not null)
            {
                form["service"] = service;
            }

            if (scope.Length > 0)
            {
                form["scope"] = scope;
            }

            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }

        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] : string.Empty);
        if (service is not null)
        {
            Append(query, "service", service);
        }

        if (scope.Length > 0)
        {
            Append(query, "scope", scope);
        }

        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential?.Username is not null)
        {
            request.Headers.Authorization = BasicHeader(credential);
        }

        return request;
    }

    private CachedAuthorization ParseToken(string host, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RegistryAuthenticationException($"The token server for {host} answered with JSON that is not an object.");
            }

            var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new RegistryAuthenticationException($"The token server for {host} answered without a token.");
            }

            // A bearer token is printable ASCII without spaces (RFC 6750); anything else cannot go in a header.
            if (!token.All(c => c is > ' ' and < (char)0x7f))
            {
                throw new RegistryAuthenticationException($"The token server for {host} answered with a token that is not printable ASCII.");
            }

            // The spec's default lifetime is 60 seconds when expires_in is missing.
            var seconds = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var s) && s > 0 ? s : 60;
            var expiresAt = options.TimeProvider.GetUtcNow() + TimeSpan.FromSeconds(seconds) - ExpirySlack;
            return new CachedAuthorization(new AuthenticationHeaderValue("Bearer", token), expiresAt);
        }
        catch (JsonException e)
        {
            throw new RegistryAuthenticationException($"The token server for {host} answered with malformed JSON: {e.Message}");
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private sealed record CachedAuthorization(AuthenticationHeaderValue Header, DateTimeOffset ExpiresAt);
}
