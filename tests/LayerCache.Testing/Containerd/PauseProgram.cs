using LayerCache.Testing.Processes;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// A static program that waits until it is killed, built once per test run with the machine's C compiler: a container
/// made of nothing but it starts, and stays running, without a shell or a libc in its image.
/// </summary>
public static class PauseProgram
{
    /// <summary>Where test images put it.</summary>
    public const string PathInImage = "layercache/pause";

    private static readonly Lazy<Task<byte[]>> Built = new(BuildAsync);

    public static Task<byte[]> BytesAsync() => Built.Value;

    private static async Task<byte[]> BuildAsync()
    {
        var directory = Directory.CreateTempSubdirectory("layercache-pause-").FullName;
        try
        {
            var source = Path.Combine(directory, "pause.c");
            var program = Path.Combine(directory, "pause");
            await File.WriteAllTextAsync(source, "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n");
            await Command.SucceedAsync("gcc", ["-static", "-Os", "-o", program, source], TimeSpan.FromMinutes(2));
            return await File.ReadAllBytesAsync(program);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
