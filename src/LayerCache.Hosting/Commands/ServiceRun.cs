using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace LayerCache.Hosting.Commands;

/// <summary>A service's run from its command line: a bad setting is one line and exit code 2 before anything starts; a crashed loop ends it with 1.</summary>
public static class ServiceRun
{
    /// <summary>
    /// Builds the app with <paramref name="build"/> (which reads and checks every setting), maps its endpoints with
    /// <paramref name="map"/>, and runs it until it is stopped.
    /// </summary>
    public static async Task<int> RunAsync(string executable, Func<WebApplication> build, Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(map);
        WebApplication app;
        try
        {
            app = build();
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"{executable}: invalid settings: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        await using (app.ConfigureAwait(false))
        {
            map(app);
            await app.RunAsync().ConfigureAwait(false);
        }

        return BackgroundLoop.ExitCode;
    }
}
