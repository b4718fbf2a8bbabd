namespace LayerCache.Hosting.Commands;

/// <summary>What every LayerCache executable's exit code means; each one's --help ends with this table.</summary>
public static class ExitCodes
{
    /// <summary>It did what was asked (or printed its help or version).</summary>
    public const int Success = 0;

    /// <summary>It started but failed: a loop that crashed, a command whose work failed (containerd, a registry, Redis).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or settings: an unknown option, a missing or malformed value, a setting out of range; nothing was started.</summary>
    public const int BadUsage = 2;

    public const string Table = """
        Exit codes:
          0  done (or help, version printed)
          1  failed after starting: a crashed loop, or a command whose work failed; the reason is the last line on stderr
          2  bad usage or settings: one line on stderr names the option or setting and what it must be; nothing started
        """;
}
