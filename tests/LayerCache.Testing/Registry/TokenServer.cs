using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A token server for distribution's token auth (docs/spec/auth/token.md): checks Basic credentials and issues an ES256 JWT
/// whose header carries the signing certificate in <c>x5c</c>, which the registry verifies against its rootcertbundle.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Issuer = "layercache-test-issuer";
    public const string Service = "layercache-test-registry";

    /// <summary>The refresh token accepted by the POST (identity token) grant.</summary>
    public const string IdentityToken = "layercache-identity-token";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _username;
    private readonly string _password;
    private WebApplication? _app;
    private int _tokensIssued;
    private int _refusals;

    public TokenServer(string username, string password)
    {
        _username = username;
        _password = password;
        var request = new CertificateRequest("CN=layercache-test-token-issuer", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public Uri Realm { get; private set; } = new("http://127.0.0.1/");

    public int TokensIssued => _tokensIssued;

    public int Refusals => _refusals;

    /// <summary>The PEM bundle the registry trusts (its <c>rootcertbundle</c>).</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/token", IssueForBasic);
        _app.MapPost("/token", (Delegate)IssueForRefreshTokenAsync);
        await _app.StartAsync().ConfigureAwait(false);
        var address = _app.Urls.First();
        Realm = new Uri(new Uri(address), "/token");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _certificate.Dispose();
        _key.Dispose();
    }

    private IResult IssueForBasic(HttpContext context)
    {
        if (!HasValidCredentials(context.Request.Headers.Authorization.FirstOrDefault()))
        {
            Interlocked.Increment(ref _refusals);
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"layercache-test\"";
            return Results.Unauthorized();
        }

        return Issue(context.Request.Query["service"].FirstOrDefault(), context.Request.Query["scope"]);
    }

    // The OAuth2 refresh-token grant that docker's identitytoken uses (distribution's docs/spec/auth/oauth.md).
    private async Task<IResult> IssueForRefreshTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        if (form["grant_type"] != "refresh_token" || form["refresh_token"] != IdentityToken)
        {
            Interlocked.Increment(ref _refusals);
            return Results.Unauthorized();
        }

        return Issue(form["service"].FirstOrDefault(), form["scope"]);
    }

    private IResult Issue(string? requestedService, IEnumerable<string?> scopes)
    {
        var service = requestedService ?? Service;
        var access = scopes.Where(s => s is not null).SelectMany(s => s!.Split(' ')).Select(ParseScope).OfType<object>().ToList();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = _username,
            ["aud"] = service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        // JWS ES256 signatures are r||s (IEEE P1363), which is what .NET produces by default.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        var token = $"{signingInput}.{Base64Url(signature)}";
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new Dictionary<string, object>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = 300,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("O"),
        });
    }

    private bool HasValidCredentials(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        return decoded == $"{_username}:{_password}";
    }

    // "repository:team/app:pull,push" -> {type, name, actions}; every requested action is granted to a valid user.
    private static Dictionary<string, object>? ParseScope(string scope)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first < 0 || last <= first)
        {
            return null;
        }

        return new Dictionary<string, object>
        {
            ["type"] = scope[..first],
            ["name"] = scope[(first + 1)..last],
            ["actions"] = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
