using System.Runtime.InteropServices;

namespace LayerCache.Containerd;

/// <summary>The OS and architecture (and optional variant) whose manifest a node runs from a multi-platform image.</summary>
public sealed record NodePlatform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>Linux on the architecture this process runs on, named as OCI names them.</summary>
    public static NodePlatform Current { get; } = new("linux", OciArchitecture(RuntimeInformation.OSArchitecture));

    /// <summary>
    /// Whether an index entry's platform is this one. A variant is compared only when both name one,
    /// so <c>arm64</c> matches <c>arm64/v8</c>.
    /// </summary>
    public bool Matches(string os, string architecture, string? variant) =>
        string.Equals(os, Os, StringComparison.Ordinal)
        && string.Equals(architecture, Architecture, StringComparison.Ordinal)
        && (string.IsNullOrEmpty(Variant) || string.IsNullOrEmpty(variant) || string.Equals(variant, Variant, StringComparison.Ordinal));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static string OciArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
