using System.Buffers.Binary;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// The process of every e2e container: a static ELF that blocks until killed, so a pod stays running without a shell or libc
/// in the image. Hand-assembled (one PT_LOAD segment mapping the file at 0x400000, code right after the headers) because the
/// images carry nothing else and the harness must not need a toolchain.
/// </summary>
internal static class StartProgram
{
    /// <summary>Where the program lives in an image's root file system, and the image's command.</summary>
    public const string PathInImage = "/lc-start";

    public const ushort MachineX86_64 = 0x3E;
    public const ushort MachineAarch64 = 0xB7;
    public const ulong LoadAddress = 0x400000;
    public const int HeaderBytes = ElfHeaderBytes + ProgramHeaderBytes;

    private const int ElfHeaderBytes = 64;
    private const int ProgramHeaderBytes = 56;

    // mov eax, 34 (pause); syscall; jmp back to the mov: a signal that does not kill wakes pause, the loop sleeps again.
    private static readonly byte[] X86_64Code = [0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7];

    // aarch64 has no pause: ppoll(NULL, 0, NULL, NULL) waits for a signal the same way. movz x0..x3, #0; movz x8, #73; svc #0; b -24.
    private static readonly uint[] Aarch64Code = [0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa];

    public static byte[] For(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.Architecture switch
        {
            "amd64" => Build(MachineX86_64, X86_64Code),
            "arm64" => Build(MachineAarch64, Aarch64Instructions()),
            _ => throw new NotSupportedException(
                $"The e2e start program exists for linux/amd64 and linux/arm64 only, not for {platform}."),
        };
    }

    private static byte[] Aarch64Instructions()
    {
        var code = new byte[Aarch64Code.Length * 4];
        for (var i = 0; i < Aarch64Code.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * 4), Aarch64Code[i]);
        }

        return code;
    }

    // https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html and ch5.pheader.html
    private static byte[] Build(ushort machine, byte[] code)
    {
        var program = new byte[HeaderBytes + code.Length];
        var span = program.AsSpan();
        "\u007fELF"u8.CopyTo(span);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // little-endian
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], LoadAddress + HeaderBytes); // entry: the first instruction
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], ElfHeaderBytes); // program headers follow the ELF header
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], ElfHeaderBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], ProgramHeaderBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1);

        var header = span[ElfHeaderBytes..];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 1); // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 5); // PF_R | PF_X
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], LoadAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], LoadAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)program.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], (ulong)program.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], 0x1000);

        code.CopyTo(span[HeaderBytes..]);
        return program;
    }
}
