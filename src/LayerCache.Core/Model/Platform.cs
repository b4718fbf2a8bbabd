using System.Runtime.InteropServices;

namespace LayerCache.Core.Model;

/// <summary>An OCI platform: os, architecture (GOARCH names) and an optional variant; a node runs one, an index lists several.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>The platform of this process, in the names images use.</summary>
    public static Platform Current { get; } = new("linux", GoArchitecture(RuntimeInformation.OSArchitecture), DefaultVariant(RuntimeInformation.OSArchitecture));

    /// <summary>
    /// Whether an index entry for <paramref name="candidate"/> runs here. A missing variant on either side matches,
    /// because arm64 images rarely state their (v8) variant.
    /// </summary>
    public bool Matches(Platform candidate) => Matches(candidate.Os, candidate.Architecture, candidate.Variant);

    public bool Matches(string os, string architecture, string? variant) =>
        string.Equals(Os, os, StringComparison.Ordinal) &&
        string.Equals(Architecture, architecture, StringComparison.Ordinal) &&
        (string.IsNullOrEmpty(Variant) || string.IsNullOrEmpty(variant) || string.Equals(Variant, variant, StringComparison.Ordinal));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static string? DefaultVariant(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "v8",
        System.Runtime.InteropServices.Architecture.Arm => "v7",
        _ => null,
    };
}
