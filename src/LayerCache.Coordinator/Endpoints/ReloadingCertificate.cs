using System.Security.Cryptography.X509Certificates;

namespace LayerCache.Coordinator.Endpoints;

/// <summary>
/// The server certificate from <c>Kestrel:Certificates:Default</c>'s PEM files, read again when the files change (a
/// Secret updated, cert-manager's renewal): Kestrel reads them once, at start. Files are looked at no more than every
/// <see cref="CheckInterval"/>; a new pair that cannot be loaded (half written) leaves the last good one in use.
/// </summary>
public sealed partial class ReloadingCertificate(string path, string? keyPath, TimeProvider time, ILogger logger) : IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private X509Certificate2? _current;
    private (DateTime, long, DateTime, long) _stamp;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    /// <summary>The certificate to present now; null until one could be loaded.</summary>
    public X509Certificate2? Current()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _checkedAt < CheckInterval && _current is not null)
            {
                return _current;
            }

            _checkedAt = now;
            var stamp = Stamp();
            if (stamp == _stamp && _current is not null)
            {
                return _current;
            }

            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);

                // Exported and read back, so that the key is usable by the TLS stack.
                var loaded = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                var previous = _current;
                _current = loaded;
                _stamp = stamp;
                if (previous is not null)
                {
                    LogReloaded(logger, path, loaded.Subject, loaded.NotAfter);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                LogUnreadable(logger, path, e.Message);
            }

            return _current;
        }
    }

    public void Dispose() => _current?.Dispose();

    private (DateTime, long, DateTime, long) Stamp()
    {
        var certificate = new FileInfo(path);
        var key = keyPath is null ? null : new FileInfo(keyPath);
        return (certificate.Exists ? certificate.LastWriteTimeUtc : default, certificate.Exists ? certificate.Length : -1,
            key is { Exists: true } ? key.LastWriteTimeUtc : default, key is { Exists: true } ? key.Length : -1);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the renewed certificate from {Path}: {Subject}, valid to {NotAfter:O}")]
    private static partial void LogReloaded(ILogger logger, string path, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the certificate {Path} ({Reason}); serving the last one that loaded")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
