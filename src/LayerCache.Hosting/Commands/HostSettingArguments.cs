namespace LayerCache.Hosting.Commands;

/// <summary>
/// The arguments a service's command line hands on to its host's configuration (<c>--Section:Setting=VALUE</c>,
/// <c>--Section:Setting VALUE</c>, <c>Section:Setting=VALUE</c>, <c>/Section:Setting VALUE</c>), as ASP.NET Core's
/// command-line configuration reads them.
/// </summary>
public static class HostSettingArguments
{
    /// <summary>The first of <paramref name="unmatched"/> that is no setting (a mistyped command, a stray word), or null.</summary>
    public static string? FirstStray(IReadOnlyList<string> unmatched)
    {
        ArgumentNullException.ThrowIfNull(unmatched);
        var valueMayFollow = false;
        foreach (var token in unmatched)
        {
            var isSwitch = token.StartsWith('-') || token.StartsWith('/');
            if (!isSwitch && !token.Contains('=', StringComparison.Ordinal) && !valueMayFollow)
            {
                return token;
            }

            // "--key value": the next token is the value; "--key=value" and "key=value" carry their own.
            valueMayFollow = isSwitch && !token.Contains('=', StringComparison.Ordinal);
        }

        return null;
    }
}
