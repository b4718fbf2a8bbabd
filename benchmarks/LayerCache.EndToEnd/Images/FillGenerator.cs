using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// The bytes that fill a forged layer: xoshiro256** (https://prng.di.unimi.it/) seeded from SHA-256 of the run's seed and the
/// corpus layer's digest. Over 1 GB/s on one core (the forge's two SHA-256 passes cost more), incompressible, and the same bytes on every machine because words are written
/// little-endian whatever the CPU. The output does not depend on how callers split their reads.
/// </summary>
internal sealed class FillGenerator
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private ulong _spare;
    private int _spareBytes;

    public FillGenerator(long seed, Digest corpusLayer)
    {
        Span<byte> input = stackalloc byte[8 + 71];
        BinaryPrimitives.WriteInt64LittleEndian(input, seed);
        var written = Encoding.ASCII.GetBytes(corpusLayer.Value, input[8..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..(8 + written)], hash);
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]);
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]);
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]);
    }

    public void Fill(Span<byte> destination)
    {
        while (_spareBytes > 0 && destination.Length > 0)
        {
            destination[0] = (byte)_spare;
            _spare >>= 8;
            _spareBytes--;
            destination = destination[1..];
        }

        var words = MemoryMarshal.Cast<byte, ulong>(destination);
        for (var i = 0; i < words.Length; i++)
        {
            var next = Next();
            words[i] = BitConverter.IsLittleEndian ? next : BinaryPrimitives.ReverseEndianness(next);
        }

        var tail = destination[(words.Length * 8)..];
        if (tail.Length > 0)
        {
            _spare = Next();
            _spareBytes = 8;
            Fill(tail);
        }
    }

    private ulong Next()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }
}
