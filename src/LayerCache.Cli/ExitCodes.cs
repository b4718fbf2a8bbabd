namespace LayerCache.Cli;

/// <summary>What <c>layercache</c> exits with (docs/cli.md lists them): scripts branch on these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and what it did failed: an order failed, or <c>--wait</c> ran out of time.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown option, a missing argument, a bad image reference or URL.</summary>
    public const int Usage = 2;

    /// <summary>The coordinator could not be reached (refused, timed out, TLS failed).</summary>
    public const int Unreachable = 3;

    /// <summary>The coordinator does not know what was named: a node or an image.</summary>
    public const int NotFound = 4;

    /// <summary>The coordinator refused the caller: no token, a wrong one, or plaintext where it wants TLS.</summary>
    public const int Refused = 5;

    /// <summary>The coordinator answered, but not as asked: an error of its own, or not its API at all.</summary>
    public const int CoordinatorError = 6;
}
