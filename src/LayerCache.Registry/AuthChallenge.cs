using System.Net.Http.Headers;

namespace LayerCache.Registry;

/// <summary>One <c>WWW-Authenticate</c> challenge: its scheme and parameters (realm, service, scope).</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Get(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>The first Bearer or Basic challenge of a 401 response, Bearer preferred.</summary>
    public static AuthChallenge? From(HttpResponseHeaders headers)
    {
        AuthChallenge? basic = null;
        // Raw values: the typed parser may split "scope=a:b:pull,push" at its comma.
        if (!headers.NonValidated.TryGetValues("WWW-Authenticate", out var values))
        {
            return null;
        }

        foreach (var raw in values)
        {
            var text = raw.Trim();
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var scheme = space < 0 ? text : text[..space];
            var challenge = new AuthChallenge(scheme, ParseParameters(space < 0 ? null : text[(space + 1)..]));
            if (challenge.IsBearer)
            {
                return challenge;
            }

            basic ??= challenge.IsBasic ? challenge : null;
        }

        return basic;
    }

    /// <summary>Parses <c>realm="https://auth",service="registry",scope="repository:a/b:pull,push"</c>; commas inside quotes stay.</summary>
    internal static Dictionary<string, string> ParseParameters(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var name = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = i + 1;
                var builder = new System.Text.StringBuilder();
                while (end < text.Length && text[end] != '"')
                {
                    if (text[end] == '\\' && end + 1 < text.Length)
                    {
                        end++;
                    }

                    builder.Append(text[end]);
                    end++;
                }

                value = builder.ToString();
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', i);
                end = end < 0 ? text.Length : end;
                value = text[i..end].Trim();
                i = end;
            }

            result[name] = value;
        }

        return result;
    }
}
