namespace LayerCache.Hosting.Commands;

/// <summary>What an executable's command line does with arguments none of its options take.</summary>
public enum UnmatchedArguments
{
    /// <summary>Each is a usage error (exit code 2).</summary>
    Refuse,

    /// <summary>They are settings for the service's host (<c>--Section:Setting=VALUE</c>); a stray word is still refused.</summary>
    HostSettings,

    /// <summary>They go, as they are, to another parser (BenchmarkDotNet's).</summary>
    PassThrough,
}
