using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// A layer's fill file as a read-only stream of known length, so the tar writer can size the entry without buffering it.
/// Seekable only in name: the tar writer asks for the length and position, and rewinding restarts the generator.
/// </summary>
internal sealed class FillStream(long seed, Digest corpusLayer, long lengthBytes) : Stream
{
    private FillGenerator _generator = new(seed, corpusLayer);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => lengthBytes;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, lengthBytes - _position);
        _generator.Fill(buffer[..count]);
        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => lengthBytes + offset,
        };
        if (target == 0)
        {
            _generator = new FillGenerator(seed, corpusLayer);
            _position = 0;
        }
        else if (target != _position)
        {
            throw new NotSupportedException("A fill stream rewinds to its start only.");
        }

        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
