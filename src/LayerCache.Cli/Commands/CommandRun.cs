using LayerCache.Cli.Coordinator;
using LayerCache.Cli.Output;

namespace LayerCache.Cli.Commands;

/// <summary>One run of a command: the coordinator's address and token, and how to print.</summary>
internal sealed class CommandRun(string coordinator, string? tokenFile, OutputFormat output)
{
    public OutputFormat Output { get; } = output;

    public bool Json => Output == OutputFormat.Json;

    /// <summary>A client of the coordinator; the address and the token file are checked here, before any call.</summary>
    public CoordinatorClient Connect()
    {
        if (!Uri.TryCreate(coordinator, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || string.IsNullOrEmpty(address.Host))
        {
            throw new CliError(ExitCodes.Usage, $"'{coordinator}' is not an http:// or https:// URL: pass the coordinator's address to --coordinator or LAYERCACHE_COORDINATOR");
        }

        return new CoordinatorClient(address, ReadToken());
    }

    private string? ReadToken()
    {
        if (tokenFile is null)
        {
            return null;
        }

        string token;
        try
        {
            token = File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError(ExitCodes.Usage, $"cannot read the token file {tokenFile} ({e.Message}): check --token-file or LAYERCACHE_TOKEN_FILE");
        }

        return token.Length > 0 ? token : throw new CliError(ExitCodes.Usage, $"the token file {tokenFile} is empty: it must hold the coordinator's API token");
    }
}
