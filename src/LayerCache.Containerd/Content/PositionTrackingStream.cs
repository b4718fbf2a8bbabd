namespace LayerCache.Containerd;

/// <summary>
/// A read-only view of a caller's stream that counts the bytes read, so a resumed write can skip forward
/// on a stream that cannot seek. Disposing it leaves the inner stream open.
/// </summary>
internal sealed class PositionTrackingStream(Stream inner) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public async Task SkipToAsync(long offset, CancellationToken cancellationToken)
    {
        if (offset < _position)
        {
            throw new InvalidOperationException($"Resuming at {offset} needs bytes already read from a stream that cannot seek (at {_position}).");
        }

        var scratch = new byte[Math.Min(81920, Math.Max(1, offset - _position))];
        while (_position < offset)
        {
            var read = await ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, offset - _position)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"The source ended at {_position}, before the resume offset {offset}.");
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
