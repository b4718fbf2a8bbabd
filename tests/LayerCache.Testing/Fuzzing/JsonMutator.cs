using System.Text;

namespace LayerCache.Testing.Fuzzing;

/// <summary>
/// Seeded mutations of a good JSON document, for the fuzz tests of every boundary that reads JSON: truncations,
/// deletions, stray characters, and values replaced by ones that break a reader's assumptions (types, signs, sizes,
/// nulls, digests). The same seed gives the same mutants, so a failure replays.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] Replacements =
    [
        "null", "-1", "0", "1e308", "-9223372036854775809", "9223372036854775808", "\"\"", "[]", "{}", "[null]", "true",
        "\"sha256:xyz\"", "\"sha256:" + new string('a', 64) + "\"", "\"PrefetchLayers\"", "7", "\"Evict\"", "1.5", "\"\\u0000\"",
        "\"" + new string('x', 5000) + "\"",
    ];

    /// <summary>One to three edits of <paramref name="json"/>.</summary>
    public static string Mutate(string json, Random random)
    {
        var text = new StringBuilder(json);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0:
                    text.Length = at; // truncated
                    break;
                case 1:
                    text.Remove(at, Math.Min(1 + random.Next(8), text.Length - at));
                    break;
                case 2:
                    text.Insert(at, (char)random.Next(32, 127));
                    break;
                default:
                    // A value after a colon replaced by one that breaks an assumption.
                    var colon = text.ToString().IndexOf(':', at);
                    if (colon < 0)
                    {
                        break;
                    }

                    var end = colon + 1;
                    var depth = 0;
                    var inString = false;
                    while (end < text.Length)
                    {
                        var c = text[end];
                        if (inString)
                        {
                            inString = c != '"' || text[end - 1] == '\\';
                        }
                        else if (c == '"')
                        {
                            inString = true;
                        }
                        else if (c is '[' or '{')
                        {
                            depth++;
                        }
                        else if (c is ']' or '}')
                        {
                            if (depth-- == 0)
                            {
                                break;
                            }
                        }
                        else if (c == ',' && depth == 0)
                        {
                            break;
                        }

                        end++;
                    }

                    text.Remove(colon + 1, end - colon - 1).Insert(colon + 1, Replacements[random.Next(Replacements.Length)]);
                    break;
            }
        }

        return text.ToString();
    }
}
