using System.CommandLine;
using LayerCache.Registry;

namespace LayerCache.Cli.Commands;

/// <summary>Image references on the command line, checked as the coordinator and the agent read them before anything is sent.</summary>
internal static class ImageArguments
{
    public static Argument<string[]> Create(string description) => new("images")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "IMAGE",
    };

    /// <summary>The references as given; the first that does not parse stops the command with a usage error naming it.</summary>
    public static string[] Read(ParseResult parse, Argument<string[]> argument)
    {
        var images = parse.GetValue(argument) ?? [];
        foreach (var image in images)
        {
            if (!ImageReference.TryParse(image, out _, out var error))
            {
                throw new CliError(ExitCodes.Usage, $"{error}; write it as [registry/]repository[:tag][@sha256:...]");
            }
        }

        return images;
    }

    /// <summary><c>--nodes N1,N2</c>: names separated by commas (the option may also be repeated).</summary>
    public static Option<string[]> Nodes(string description) => new("--nodes")
    {
        Description = description,
        HelpName = "N1,N2",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };
}
