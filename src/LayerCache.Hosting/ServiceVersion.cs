using System.Reflection;

namespace LayerCache.Hosting;

/// <summary>A service's version as <c>--version</c> prints it: the images' tag (see Directory.Build.props), with the commit it was built from when known.</summary>
public static class ServiceVersion
{
    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    }
}
