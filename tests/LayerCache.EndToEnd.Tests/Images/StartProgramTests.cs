using System.Buffers.Binary;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;

namespace LayerCache.EndToEnd.Tests.Images;

public sealed class StartProgramTests
{
    private static readonly Platform Amd64 = new("linux", "amd64");
    private static readonly Platform Arm64 = new("linux", "arm64", "v8");

    [Theory]
    [InlineData("amd64", StartProgram.MachineX86_64)]
    [InlineData("arm64", StartProgram.MachineAarch64)]
    public void For_Architecture_HeaderParsesBackAsOneLoadSegmentAtTheEntry(string architecture, ushort machine)
    {
        var program = StartProgram.For(new Platform("linux", architecture)).AsSpan();

        Assert.True(program[..4].SequenceEqual("\u007fELF"u8));
        Assert.Equal(2, program[4]); // 64-bit
        Assert.Equal(1, program[5]); // little-endian
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(program[16..])); // executable
        Assert.Equal(machine, BinaryPrimitives.ReadUInt16LittleEndian(program[18..]));
        Assert.Equal(0x400078UL, BinaryPrimitives.ReadUInt64LittleEndian(program[24..]));
        Assert.Equal(64UL, BinaryPrimitives.ReadUInt64LittleEndian(program[32..]));
        Assert.Equal(56, BinaryPrimitives.ReadUInt16LittleEndian(program[54..]));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(program[56..]));

        var segment = program[64..];
        Assert.Equal(1U, BinaryPrimitives.ReadUInt32LittleEndian(segment)); // PT_LOAD
        Assert.Equal(5U, BinaryPrimitives.ReadUInt32LittleEndian(segment[4..])); // R+X
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(segment[8..]));
        Assert.Equal(0x400000UL, BinaryPrimitives.ReadUInt64LittleEndian(segment[16..]));
        Assert.Equal((ulong)program.Length, BinaryPrimitives.ReadUInt64LittleEndian(segment[32..]));
        Assert.Equal((ulong)program.Length, BinaryPrimitives.ReadUInt64LittleEndian(segment[40..]));
    }

    [Fact]
    public void For_Amd64_CodeIsPauseInALoop()
    {
        var code = StartProgram.For(Amd64)[StartProgram.HeaderBytes..];

        Assert.Equal([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7], code);
    }

    [Fact]
    public void For_Arm64_CodeIsPpollInALoopBranchingBackToTheStart()
    {
        var code = StartProgram.For(Arm64)[StartProgram.HeaderBytes..];
        var words = Enumerable.Range(0, code.Length / 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(code.AsSpan(i * 4))).ToArray();

        Assert.Equal([0xd2800000u, 0xd2800001u, 0xd2800002u, 0xd2800003u, 0xd2800928u, 0xd4000001u, 0x17fffffau], words);
    }

    [Fact]
    public void For_OtherArchitecture_ThrowsNotSupported()
    {
        var error = Assert.Throws<NotSupportedException>(() => StartProgram.For(new Platform("linux", "s390x")));

        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_CurrentPlatform_RunsUnderRuncUntilKilled()
    {
        using var bundle = new RuncBundle(StartProgram.For(Platform.Current));
        await bundle.CreateAsync();
        try
        {
            await bundle.RunDetachedAsync();
            await Task.Delay(300);

            Assert.Equal("running", await bundle.StatusAsync());
        }
        finally
        {
            await bundle.KillAndDeleteAsync();
        }
    }
}
