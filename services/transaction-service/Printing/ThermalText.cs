using System.Text;

namespace TokenPln.TransactionService.Printing;

/// <summary>The two paper widths a counter's thermal printer takes: 58 mm paper holds 32 columns, 80 mm paper 48.</summary>
public enum PaperWidth
{
    Narrow = 32,
    Wide = 48,
}

/// <summary>
/// Lays out plain monospace text for a thermal printer, one width per instance: centred titles, label/value rows whose
/// value is right-aligned (wrapped under the label when both do not fit on one line), rules and wrapped notes. Every line
/// it writes is at most <see cref="Columns"/> characters, so the printer never breaks a line itself. Receipts and the
/// drawer's close report share it, so both look the same on paper.
/// </summary>
public sealed class ThermalText(PaperWidth width)
{
    private readonly List<string> _lines = [];

    public int Columns { get; } = (int)width;

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Centred text (a title, the shop's name), wrapped on spaces when longer than a line.</summary>
    public ThermalText Center(string text)
    {
        foreach (var line in Wrap(text, Columns))
        {
            var padding = (Columns - line.Length) / 2;
            _lines.Add(new string(' ', padding) + line);
        }

        return this;
    }

    /// <summary>
    /// A label on the left and its value on the right. When both do not fit on one line (a long name, a token), the value
    /// goes on the following line(s), right-aligned, so that nothing is cut off.
    /// </summary>
    public ThermalText Row(string label, string value)
    {
        label = label.Trim();
        value = value.Trim();
        if (label.Length + 1 + value.Length <= Columns)
        {
            _lines.Add(label + new string(' ', Columns - label.Length - value.Length) + value);
            return this;
        }

        _lines.AddRange(Wrap(label, Columns));
        foreach (var line in Wrap(value, Columns))
        {
            _lines.Add(line.PadLeft(Columns));
        }

        return this;
    }

    /// <summary>Left-aligned text, wrapped on spaces (a note, a warning).</summary>
    public ThermalText Text(string text)
    {
        _lines.AddRange(Wrap(text, Columns));
        return this;
    }

    /// <summary>A full-width rule.</summary>
    public ThermalText Rule(char mark = '-')
    {
        _lines.Add(new string(mark, Columns));
        return this;
    }

    public ThermalText Blank()
    {
        _lines.Add("");
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Words onto lines of at most <paramref name="columns"/>; a word longer than a line is split.</summary>
    internal static IEnumerable<string> Wrap(string text, int columns)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var room = line.Length == 0 ? columns : columns - line.Length - 1;
                if (rest.Length <= room)
                {
                    if (line.Length > 0) line.Append(' ');
                    line.Append(rest);
                    rest = "";
                }
                else if (line.Length > 0)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                else
                {
                    yield return rest[..columns];
                    rest = rest[columns..];
                }
            }
        }

        if (line.Length > 0) yield return line.ToString();
    }
}
