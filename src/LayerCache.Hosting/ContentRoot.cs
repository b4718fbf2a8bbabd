using Microsoft.AspNetCore.Builder;

namespace LayerCache.Hosting;

/// <summary>
/// Where a service reads its appsettings.json: what <c>--contentRoot</c>, <c>DOTNET_CONTENTROOT</c> or
/// <c>ASPNETCORE_CONTENTROOT</c> says (the images point it at the mounted <c>/etc/layercache</c>), else the folder of
/// the executable. ASP.NET Core's default is the working directory instead, so a service started from anywhere else
/// would run without its settings (and log every request).
/// </summary>
public static class ContentRoot
{
    public static WebApplicationOptions Options(string[] args) => new() { Args = args, ContentRootPath = Of(args, Environment.GetEnvironmentVariable) };

    public static string Of(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            foreach (var name in (string[])["--contentRoot", "/contentRoot", "--contentroot"])
            {
                if (arg.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return arg[(name.Length + 1)..];
                }

                if (arg == name && i + 1 < args.Count)
                {
                    return args[i + 1];
                }
            }
        }

        return NonEmpty(environment("DOTNET_CONTENTROOT")) ?? NonEmpty(environment("ASPNETCORE_CONTENTROOT")) ?? AppContext.BaseDirectory;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
