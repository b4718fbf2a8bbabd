using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Registry;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// The coordinator process with TLS from certificate files, as an operator configures it: the extender and the API
/// only over TLS and only for a caller with a client certificate of the configured CA or the bearer token.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private const string Token = "s3cret-token-for-the-extender";
    private const string Prioritize = "/scheduler/prioritize";
    private const string ExtenderArgs = "{\"Pod\":{\"metadata\":{\"uid\":\"tls-pod\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"docker.io/library/redis:7\"}]}},\"Nodes\":null,\"NodeNames\":[\"edge-a\"]}";

    private readonly TestCertificate _server = new();
    private readonly TestCertificate _clients = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("layercache-tls-").FullName;

    [Fact]
    public async Task Tls_OnEveryListener_NoPlaintextAnswersTheExtender_CallersNeedACertificateOrTheToken()
    {
        var https = CoordinatorProcess.FreePort();
        var plain = CoordinatorProcess.FreePort();
        var grpc = CoordinatorProcess.FreePort();
        File.WriteAllText(Path.Combine(_directory, "server.pem"), _server.Server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "server.key"), _server.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_directory, "clients-ca.pem"), _clients.AuthorityPem);
        File.WriteAllText(Path.Combine(_directory, "token"), Token + "\n");
        var settings = new Dictionary<string, string?>
        {
            ["Coordinator:ServeWithoutRedis"] = "true",
            ["Coordinator:GrpcPort"] = grpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Coordinator:GrpcBindAddress"] = "127.0.0.1",
            ["Coordinator:ApiTokenFile"] = Path.Combine(_directory, "token"),
            ["Coordinator:ClientCaFile"] = Path.Combine(_directory, "clients-ca.pem"),
            ["Kestrel:Certificates:Default:Path"] = Path.Combine(_directory, "server.pem"),
            ["Kestrel:Certificates:Default:KeyPath"] = Path.Combine(_directory, "server.key"),
        };

        // https:// with a gRPC port set aborted the process before; a plain port is kept for probes and metrics.
        await using var coordinator = await CoordinatorProcess.StartAsync(
            settings, $"https://127.0.0.1:{https};http://127.0.0.1:{plain}", new Uri($"https://127.0.0.1:{https}"), TrustingServer());

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(coordinator.Http));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(coordinator.Http, "Bearer not-the-token"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(coordinator.Http, $"Bearer {Token}"));
        using (var withCertificate = new HttpClient(TrustingServer(ClientCertificate())) { BaseAddress = coordinator.Http.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(withCertificate));
        }

        using var plaintext = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{plain}") };
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(plaintext, $"Bearer {Token}"));
        Assert.Equal(HttpStatusCode.OK, (await plaintext.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plaintext.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        // The gRPC port speaks TLS too: plaintext HTTP/2 (h2c) gets no answer at all there.
        using var h2c = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{grpc}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(h2c, $"Bearer {Token}"));
    }

    [Fact]
    public async Task CertificateFilesReplaced_TheNewCertificateIsServed_WithoutARestart()
    {
        var https = CoordinatorProcess.FreePort();
        var certificate = Path.Combine(_directory, "server.pem");
        var key = Path.Combine(_directory, "server.key");
        File.WriteAllText(certificate, _server.Server.ExportCertificatePem());
        File.WriteAllText(key, _server.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var settings = new Dictionary<string, string?>
        {
            ["Coordinator:ServeWithoutRedis"] = "true",
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:KeyPath"] = key,
        };
        await using var coordinator = await CoordinatorProcess.StartAsync(settings, $"https://127.0.0.1:{https}", new Uri($"https://127.0.0.1:{https}"), TrustingServer());
        Assert.Equal(_server.Server.Thumbprint, await ServedThumbprintAsync(https));

        // As a Secret's update or cert-manager's renewal does: new files at the same paths.
        using var renewed = new TestCertificate();
        File.WriteAllText(key, renewed.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificate, renewed.Server.ExportCertificatePem());

        var served = "";
        await Poll.UntilAsync(
            async () => (served = await ServedThumbprintAsync(https)) == renewed.Server.Thumbprint,
            TimeSpan.FromSeconds(60),
            "the renewed certificate was not served");
        Assert.NotEqual(_server.Server.Thumbprint, served);
    }

    public void Dispose()
    {
        _server.Dispose();
        _clients.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Prioritize, UriKind.Relative))
        {
            Content = new StringContent(ExtenderArgs, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The thumbprint of the certificate the server presents in a TLS handshake now.</summary>
    private static async Task<string> ServedThumbprintAsync(int port)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        return tls.RemoteCertificate is { } presented ? new X509Certificate2(presented).Thumbprint : "";
    }

    /// <summary>A client that trusts the test server's CA, presenting <paramref name="certificate"/> if given.</summary>
    private HttpClientHandler TrustingServer(X509Certificate2? certificate = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_server.Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return presented is not null && chain.Build(presented);
            },
        };
        if (certificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(certificate);
        }

        return handler;
    }

    /// <summary>A client certificate (clientAuth) issued by the clients' CA, as kube-scheduler's extender tlsConfig presents one.</summary>
    private X509Certificate2 ClientCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-scheduler", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(_clients.Authority, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddHours(1), [5, 6, 7, 8]);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Exported and read back, so that the key is usable for the TLS handshake on Linux.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
