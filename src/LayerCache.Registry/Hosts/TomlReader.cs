using System.Globalization;
using System.Text;

namespace LayerCache.Registry;

/// <summary>
/// Reads the part of TOML 1.0 (https://toml.io/en/v1.0.0) that containerd's <c>hosts.toml</c> files use: comments, tables
/// with bare, quoted and dotted keys, and values that are strings (basic and literal), booleans, integers, arrays (nested,
/// across lines) and inline tables. Anything else (multi-line strings, floats, dates, arrays of tables) is a
/// <see cref="FormatException"/> that names the line, as is every syntax error.
/// </summary>
internal sealed class TomlReader
{
    // Arrays and inline tables nest by recursion; a file cannot make it deep enough to exhaust the stack.
    private const int MaxNesting = 32;

    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _nesting;

    private TomlReader(string text)
    {
        _text = text;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    public static TomlTable Parse(string text) => new TomlReader(text).ReadDocument();

    private TomlTable ReadDocument()
    {
        var root = new TomlTable();
        var current = root;
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                return root;
            }

            if (Current == '[')
            {
                current = ReadHeader(root);
            }
            else
            {
                ReadKeyValue(current);
            }

            ExpectEndOfLine();
        }
    }

    private TomlTable ReadHeader(TomlTable root)
    {
        _position++;
        if (!AtEnd && Current == '[')
        {
            throw Error("arrays of tables ([[...]]) are not supported");
        }

        SkipBlank(newlines: false);
        var path = ReadDottedKey();
        SkipBlank(newlines: false);
        Expect(']');
        var table = root;
        foreach (var key in path)
        {
            table = ChildTable(table, key, path);
        }

        if (table.HasHeader)
        {
            throw Error($"table [{string.Join('.', path)}] is defined twice");
        }

        table.HasHeader = true;
        return table;
    }

    private void ReadKeyValue(TomlTable table)
    {
        var path = ReadDottedKey();
        SkipBlank(newlines: false);
        Expect('=');
        SkipBlank(newlines: false);
        var value = ReadValue();
        for (var i = 0; i < path.Count - 1; i++)
        {
            table = ChildTable(table, path[i], path);
        }

        if (!table.TryAdd(path[^1], value))
        {
            throw Error($"key '{string.Join('.', path)}' is defined twice");
        }
    }

    private TomlTable ChildTable(TomlTable parent, string key, IReadOnlyList<string> path)
    {
        switch (parent[key])
        {
            case TomlTable existing:
                return existing;
            case null:
                var created = new TomlTable();
                parent.TryAdd(key, created);
                return created;
            default:
                throw Error($"'{string.Join('.', path)}' needs '{key}' to be a table, but it is a value");
        }
    }

    private List<string> ReadDottedKey()
    {
        var keys = new List<string> { ReadKey() };
        while (true)
        {
            SkipBlank(newlines: false);
            if (AtEnd || Current != '.')
            {
                return keys;
            }

            _position++;
            SkipBlank(newlines: false);
            keys.Add(ReadKey());
        }
    }

    private string ReadKey()
    {
        if (AtEnd)
        {
            throw Error("expected a key, found the end of the file");
        }

        if (Current == '"' || Current == '\'')
        {
            return ReadString();
        }

        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '-'))
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : throw Error($"expected a key, found '{Describe(Current)}'");
    }

    private object ReadValue()
    {
        if (AtEnd)
        {
            throw Error("expected a value, found the end of the file");
        }

        if (Current is '[' or '{')
        {
            if (++_nesting > MaxNesting)
            {
                throw Error($"arrays and inline tables nest deeper than {MaxNesting}");
            }

            object nested = Current == '[' ? ReadArray() : ReadInlineTable();
            _nesting--;
            return nested;
        }

        return Current switch
        {
            '"' or '\'' => ReadString(),
            't' or 'f' => ReadBoolean(),
            _ when char.IsAsciiDigit(Current) || Current is '+' or '-' => ReadInteger(),
            _ => throw Error($"expected a value (a quoted string, true, false, an integer, [ or {{), found '{Describe(Current)}'"),
        };
    }

    private string ReadString()
    {
        var quote = Current;
        if (_text.AsSpan(_position).StartsWith(new string(quote, 3)))
        {
            throw Error("multi-line strings are not supported");
        }

        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current is '\n' or '\r')
            {
                throw Error("a string is not closed on its line");
            }

            var c = Current;
            _position++;
            if (c == quote)
            {
                return value.ToString();
            }

            if (c == '\\' && quote == '"')
            {
                value.Append(ReadEscape());
            }
            else
            {
                value.Append(c);
            }
        }
    }

    private string ReadEscape()
    {
        if (AtEnd)
        {
            throw Error("a string ends inside an escape");
        }

        var c = Current;
        _position++;
        return c switch
        {
            '"' => "\"",
            '\\' => "\\",
            'b' => "\b",
            't' => "\t",
            'n' => "\n",
            'f' => "\f",
            'r' => "\r",
            'u' => ReadUnicode(4),
            'U' => ReadUnicode(8),
            _ => throw Error($"unknown escape '\\{Describe(c)}' in a string"),
        };
    }

    private string ReadUnicode(int digits)
    {
        if (_position + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
            code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            throw Error($"a \\{(digits == 4 ? 'u' : 'U')} escape needs {digits} hex digits of a Unicode scalar value");
        }

        _position += digits;
        return char.ConvertFromUtf32(code);
    }

    private bool ReadBoolean()
    {
        foreach (var (word, value) in new[] { ("true", true), ("false", false) })
        {
            if (_text.AsSpan(_position).StartsWith(word) && !IsBareKeyChar(_position + word.Length))
            {
                _position += word.Length;
                return value;
            }
        }

        throw Error("expected a value: strings need quotes, booleans are true or false");
    }

    private long ReadInteger()
    {
        var start = _position;
        if (Current is '+' or '-')
        {
            _position++;
        }

        while (!AtEnd && (char.IsAsciiDigit(Current) || Current == '_'))
        {
            _position++;
        }

        if (!AtEnd && (char.IsAsciiLetter(Current) || Current is '.' or ':'))
        {
            throw Error("only decimal integers are supported (not floats, dates or hex)");
        }

        var digits = _text[start.._position].Replace("_", string.Empty, StringComparison.Ordinal);
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"'{_text[start.._position]}' is not an integer");
    }

    private List<object> ReadArray()
    {
        var opened = _line;
        _position++;
        var items = new List<object>();
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                throw Error("an array opened on this line is not closed", opened);
            }

            if (Current == ']')
            {
                _position++;
                return items;
            }

            items.Add(ReadValue());
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                throw Error("an array opened on this line is not closed", opened);
            }

            if (Current is not (',' or ']'))
            {
                throw Error("expected ',' or ']' in an array");
            }

            if (Current == ',')
            {
                _position++;
            }
        }
    }

    private TomlTable ReadInlineTable()
    {
        _position++;
        var table = new TomlTable { HasHeader = true };
        SkipBlank(newlines: false);
        if (!AtEnd && Current == '}')
        {
            _position++;
            return table;
        }

        while (true)
        {
            SkipBlank(newlines: false);
            ReadKeyValue(table);
            SkipBlank(newlines: false);
            if (AtEnd || Current is not (',' or '}'))
            {
                throw Error("expected ',' or '}' in an inline table (which must fit on one line)");
            }

            if (Current == '}')
            {
                _position++;
                return table;
            }

            _position++;
        }
    }

    private void ExpectEndOfLine()
    {
        SkipBlank(newlines: false);
        if (AtEnd)
        {
            return;
        }

        if (Current is not ('\n' or '\r'))
        {
            throw Error($"expected the end of the line, found '{Describe(Current)}'");
        }
    }

    private void Expect(char expected)
    {
        if (AtEnd || Current != expected)
        {
            throw Error($"expected '{expected}', found {(AtEnd ? "the end of the file" : $"'{Describe(Current)}'")}");
        }

        _position++;
    }

    // White space and comments; with newlines, also line breaks (between statements and inside arrays).
    private void SkipBlank(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t')
            {
                _position++;
            }
            else if (c == '#')
            {
                while (!AtEnd && Current != '\n')
                {
                    _position++;
                }
            }
            else if (newlines && c is '\n' or '\r')
            {
                _line += c == '\n' ? 1 : 0;
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private bool IsBareKeyChar(int index) =>
        index < _text.Length && (char.IsAsciiLetterOrDigit(_text[index]) || _text[index] is '_' or '-');

    private static string Describe(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();

    private FormatException Error(string message, int? line = null) => new($"line {line ?? _line}: {message}");
}
