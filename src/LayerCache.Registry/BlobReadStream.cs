using System.Net;
using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// A read-only stream of one blob from an offset. A dropped connection is resumed with <c>Range: bytes=N-</c>, transparently
/// to the reader. When the hash covers the bytes before the offset (always when reading from 0), the read that reaches the end
/// checks the digest and throws <see cref="BlobVerificationException"/> instead of returning 0, so a wrong blob never ends cleanly.
/// </summary>
internal sealed class BlobReadStream : Stream
{
    private readonly RegistryTransport _transport;
    private readonly IReadOnlyList<RegistryRequest> _sources;
    private readonly Digest _digest;
    private readonly long _size;
    private readonly IncrementalHash? _hash;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private long _skip;
    private int _drops;
    private bool _verified;
    private int _source = -1;

    /// <param name="sources">The GET of the blob on each endpoint, in the order to try them.</param>
    public BlobReadStream(RegistryTransport transport, IReadOnlyList<RegistryRequest> sources, Digest digest, long size, long offset, IncrementalHash? hashOfPrefix)
    {
        _transport = transport;
        _sources = sources;
        _digest = digest;
        _size = size;
        _position = offset;
        _hash = hashOfPrefix ?? (offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null);
    }

    /// <summary>Sends the first request now, so a missing blob or refused access fails at open rather than at the first read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_position < _size && _body is null)
        {
            await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public int Requests { get; private set; }

    public int Resumes { get; private set; }

    public long BytesReceived { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _size;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            if (_position >= _size)
            {
                Verify();
                return 0;
            }

            try
            {
                var n = await ReadBodyAsync(buffer[..(int)Math.Min(buffer.Length, _size - _position)], cancellationToken).ConfigureAwait(false);
                if (n > 0)
                {
                    _hash?.AppendData(buffer.Span[..n]);
                    _position += n;
                    return n;
                }

                // The body ended cleanly but short: resume like after a drop.
                await DropAsync(null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (RegistryTransport.IsTransient(e, cancellationToken))
            {
                await DropAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseResponse();
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        if (_verified || _hash is null)
        {
            return;
        }

        var actual = Digest.FromHash(_hash.GetHashAndReset());
        if (actual != _digest)
        {
            throw new BlobVerificationException(_digest, $"the {_size} bytes received hash to {actual}");
        }

        _verified = true;
    }

    private async Task<int> ReadBodyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var options = _transport.Options;
        if (_body is null)
        {
            await OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(options.BlobReadIdleTimeout);
        while (true)
        {
            var n = await _body!.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            BytesReceived += n;
            if (n == 0 || _skip == 0)
            {
                return n;
            }

            // A 200 to a ranged request repeats the blob from byte 0: drop what we already have.
            var skipped = (int)Math.Min(_skip, n);
            _skip -= skipped;
            if (skipped < n)
            {
                buffer[skipped..n].CopyTo(buffer);
                return n - skipped;
            }
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(cancellationToken).ConfigureAwait(false);
        _skip = 0;
        if (_position > 0)
        {
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var from = response.Content.Headers.ContentRange?.From;
                if (from != _position)
                {
                    response.Dispose();
                    throw new RegistryException($"Blob {_digest}: asked for bytes from {_position}, the registry sent a range from {from?.ToString() ?? "?"}.");
                }
            }
            else
            {
                _skip = _position;
            }
        }

        _response = response;
        _body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    // The first open tries each source in turn and keeps the first that serves the blob (a mirror that fails passes it on);
    // a resume asks that one again, so the bytes of one blob come from one host.
    private async Task<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
    {
        for (var i = Math.Max(_source, 0); ; i++)
        {
            Requests++;
            var request = _sources[i] with { RangeFrom = _position > 0 ? _position : null };
            try
            {
                var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _source = i;
                    return response;
                }

                using (response)
                {
                    throw await RegistryErrors.ToExceptionAsync(response, $"Blob {_digest} of {request.Uri.AbsolutePath}", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RegistryException e) when (_source < 0 && i < _sources.Count - 1 && !cancellationToken.IsCancellationRequested)
            {
                _transport.ReportFallback(request.Endpoint!, e);
            }
        }
    }

    private async Task DropAsync(Exception? error, CancellationToken cancellationToken)
    {
        CloseResponse();
        _drops++;
        var options = _transport.Options;
        if (_drops >= options.MaxAttempts)
        {
            var why = error?.Message ?? "the body ended early";
            throw error is null
                ? new BlobVerificationException(_digest, $"the registry sent {_position} of {_size} bytes, {_drops} times")
                : new RegistryException($"Blob {_digest}: the connection dropped {_drops} times, last at byte {_position}: {why}", innerException: error);
        }

        Resumes++;
        await _transport.DelayAsync(RetryDelays.Backoff(options, _drops), cancellationToken).ConfigureAwait(false);
    }

    private void CloseResponse()
    {
        _body?.Dispose();
        _body = null;
        _response?.Dispose();
        _response = null;
    }
}
