using System.Globalization;

namespace LayerCache.Agent.Tests.Support;

/// <summary>Filesystem numbers as coreutils' <c>stat -f</c> reads them (statfs), independently of the agent's own code.</summary>
public static class Statfs
{
    /// <summary>The size in bytes of the filesystem holding <paramref name="path"/>: fundamental block size times total blocks.</summary>
    public static async Task<long> SizeBytesAsync(string path)
    {
        var (code, output) = await NativeAgent.RunAsync("stat", ["-f", "--format=%S %b", path]);
        Assert.True(code == 0, $"stat -f {path} failed: {output}");
        var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
