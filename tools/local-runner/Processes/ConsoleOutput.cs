namespace TokenPln.LocalRunner.Processes;

/// <summary>Prefixed, colour-coded lines from every app, written one whole line at a time.</summary>
internal sealed class ConsoleOutput
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Green, ConsoleColor.Blue, ConsoleColor.DarkCyan];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly int _width;
    private readonly bool _color = !Console.IsOutputRedirected;

    public ConsoleOutput(IEnumerable<string> names)
    {
        var all = names.Append("runner").ToList();
        _width = all.Max(n => n.Length);
        foreach (var (name, index) in all.Select((n, i) => (n, i)))
        {
            _colors[name] = name == "runner" ? ConsoleColor.White : Palette[index % Palette.Length];
        }
    }

    public void Line(string source, string text)
    {
        lock (_gate)
        {
            if (_color) Console.ForegroundColor = _colors.GetValueOrDefault(source, ConsoleColor.Gray);
            Console.Write($"[{source.PadRight(_width)}] ");
            if (_color) Console.ResetColor();
            Console.WriteLine(text);
        }
    }
}
