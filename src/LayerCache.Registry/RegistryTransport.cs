using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;

namespace LayerCache.Registry;

/// <summary>
/// Sends registry requests: Authorization from the authenticator (renewed once on 401), bounded retries with backoff on
/// transport errors and 5xx, Retry-After on 429, and redirects followed by hand so that a token never leaves the registry's host.
/// </summary>
internal sealed class RegistryTransport(EndpointHttpClients clients, RegistryOptions options, RegistryAuthenticator authenticator)
{
    public RegistryOptions Options => options;

    /// <summary>Tells the options' observer that an endpoint failed and the next one is tried.</summary>
    public void ReportFallback(RegistryEndpoint endpoint, RegistryException error) => options.EndpointFailed?.Invoke(endpoint, error);

    /// <summary>Returns the first response that is not retried (success, 404, 4xx); throws when tries run out.</summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var failures = 0;
        var reauthorized = false;
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendFollowingRedirectsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures++;
                if (failures >= options.MaxAttempts)
                {
                    throw new RegistryException($"{request.Method} {request.Uri} failed after {failures} tries: {e.Message}", innerException: e);
                }

                await DelayAsync(RetryDelays.Backoff(options, failures), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                var challenge = AuthChallenge.From(response.Headers);
                response.Dispose();
                if (reauthorized || challenge is null)
                {
                    throw new RegistryAuthenticationException(
                        $"Registry {request.Host} refused {request.Method} {request.Uri.AbsolutePath} (scope '{request.Scope}') even with the credentials it asked for.");
                }

                authenticator.Forget(request.Host, request.Scope);
                await authenticator.AuthorizeAsync(request, challenge, clients.For(request.Endpoint), cancellationToken).ConfigureAwait(false);
                reauthorized = true;
                continue;
            }

            if (!IsRetryable(status))
            {
                return response;
            }

            failures++;
            var retryAfter = RetryDelays.RetryAfter(response.Headers.RetryAfter, options.TimeProvider.GetUtcNow());
            var reason = $"{(int)status} {response.ReasonPhrase}";
            response.Dispose();
            if (failures >= options.MaxAttempts)
            {
                throw new RegistryException($"{request.Method} {request.Uri} failed after {failures} tries: {reason}.", status);
            }

            if (retryAfter > options.MaxRetryAfter)
            {
                throw new RegistryException(
                    $"{request.Method} {request.Uri}: {reason} with Retry-After {retryAfter.Value.TotalSeconds:0}s, longer than MaxRetryAfter {options.MaxRetryAfter.TotalSeconds:0}s.",
                    status);
            }

            await DelayAsync(retryAfter ?? RetryDelays.Backoff(options, failures), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, options.TimeProvider, cancellationToken);

    public static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        (e is HttpRequestException && e.InnerException is not AuthenticationException) || e is IOException || e is System.Net.Sockets.SocketException ||
        (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var uri = request.Uri;
        var method = request.Method;
        var http = clients.For(request.Endpoint);
        for (var redirects = 0; ; redirects++)
        {
            EnsureTransportAllowed(uri, request.Endpoint);
            using var message = new HttpRequestMessage(method, uri);
            message.Headers.UserAgent.ParseAdd(options.UserAgent);
            foreach (var accept in request.Accept)
            {
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            if (request.RangeFrom is { } from)
            {
                message.Headers.Range = new RangeHeaderValue(from, null);
            }

            // A redirect to blob storage on another host must not receive the registry's token.
            if (string.Equals(uri.Authority, request.Host, StringComparison.OrdinalIgnoreCase) && uri.Scheme == request.Uri.Scheme)
            {
                message.Headers.Authorization = authenticator.CachedHeader(request.Host, request.Scope);
            }

            if (request.Content is not null && method != HttpMethod.Get)
            {
                message.Content = request.Content();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
            {
                throw new RegistryException(
                    $"TLS with {uri.Authority} failed: {e.InnerException.Message}. If it serves plain HTTP, add it to RegistryOptions.InsecureHosts or give it an http:// URL in its hosts.toml.",
                    innerException: e);
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null)
            {
                return response;
            }

            var location = response.Headers.Location;
            var redirectStatus = response.StatusCode;
            response.Dispose();
            if (redirects >= options.MaxRedirects)
            {
                throw new RegistryException($"{request.Method} {request.Uri} redirected more than {options.MaxRedirects} times.");
            }

            if (location.IsAbsoluteUri)
            {
                uri = location;
            }
            else if (!Uri.TryCreate(uri, location, out uri!))
            {
                throw new RegistryException($"{request.Method} {request.Uri} redirected to '{location.OriginalString}', which is not a URL.");
            }
            if (redirectStatus == HttpStatusCode.SeeOther)
            {
                method = HttpMethod.Get;
            }
        }
    }

    // Plain HTTP goes to the hosts the options list, and to an endpoint that hosts.toml names with an http:// URL; a
    // redirect or token realm elsewhere over plain HTTP still needs the options to list its host.
    private void EnsureTransportAllowed(Uri uri, RegistryEndpoint? endpoint)
    {
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new RegistryException($"Refusing the {uri.Scheme} URL {uri}: only http and https are used.");
        }

        if (!options.AllowsPlainHttp(uri) && !(endpoint is { IsPlainHttp: true } && endpoint.Root.Authority == uri.Authority))
        {
            throw new InsecureRegistryException(uri);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
