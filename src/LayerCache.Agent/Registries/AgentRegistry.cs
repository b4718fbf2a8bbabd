using LayerCache.Agent.Peers;
using LayerCache.Registry;

namespace LayerCache.Agent.Registries;

/// <summary>
/// The agent's registry client, built from its settings: credentials from <c>Agent:RegistryCredentialsFile</c> (read again as
/// the Secret changes), hosts from containerd's certs.d, plain HTTP to <c>Agent:PlainHttpRegistries</c>. Every file that cannot
/// be used is logged and counted, never fatal; a mirror passing a request on is logged and counted too. No credential is logged.
/// </summary>
internal static partial class AgentRegistry
{
    public static RegistryClient Create(AgentOptions options, AgentMetrics metrics, ILogger logger)
    {
        var registryOptions = RegistryOptions.For(options.PlainHttpRegistries, null);
        registryOptions.CredentialSource = Credentials(options, metrics, logger);
        if (!string.IsNullOrEmpty(options.RegistryHostsDirectory))
        {
            // The agent's own mirror, named first in the files it writes for containerd, would only pass its requests on.
            var hosts = new RegistryHosts(options.RegistryHostsDirectory)
            {
                IgnoredMirrors = options.Peers.MirrorPort == 0 ? new HashSet<string>() : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { new Uri(MirrorHostsFiles.MirrorUrl(options.Peers)).Authority },
            };
            hosts.Issue += issue => Report(issue, "hosts", metrics, logger);
            registryOptions.Hosts = hosts;
        }

        registryOptions.EndpointFailed = (endpoint, error) =>
        {
            metrics.RegistryFallbacks.Inc();
            LogFallback(logger, endpoint.ToString(), error.Message);
        };
        return new RegistryClient(registryOptions);
    }

    private static DockerConfigFile Credentials(AgentOptions options, AgentMetrics metrics, ILogger logger)
    {
        var file = new DockerConfigFile(options.RegistryCredentialsFile ?? DockerConfigCredentials.DefaultPath());
        var read = false;
        file.Loaded += credentials =>
        {
            read = true;
            LogCredentialsLoaded(logger, file.Path, credentials.Count, string.Join(", ", credentials.Registries.Order(StringComparer.Ordinal)));
        };
        file.Issue += issue =>
        {
            read = true;
            Report(issue, "credentials", metrics, logger);
        };
        file.Refresh();
        if (!read && !string.IsNullOrEmpty(options.RegistryCredentialsFile))
        {
            LogCredentialsMissing(logger, options.RegistryCredentialsFile);
        }

        return file;
    }

    private static void Report(RegistryConfigIssue issue, string file, AgentMetrics metrics, ILogger logger)
    {
        if (issue.Malformed)
        {
            metrics.RegistryConfigErrors.Inc(1, file);
        }

        LogIssue(logger, issue.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry credentials from {Path}: {Count} registries ({Registries})")]
    private static partial void LogCredentialsLoaded(ILogger logger, string path, int count, string registries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent:RegistryCredentialsFile {Path} does not exist (yet): pulls go without credentials until it does")]
    private static partial void LogCredentialsMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Issue}")]
    private static partial void LogIssue(ILogger logger, string issue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry host {Endpoint} failed, trying the next: {Reason}")]
    private static partial void LogFallback(ILogger logger, string endpoint, string reason);
}
