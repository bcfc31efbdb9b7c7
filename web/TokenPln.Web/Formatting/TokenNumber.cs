namespace TokenPln.Web.Formatting;

/// <summary>A PLN token as printed and read aloud: 20 digits in groups of four, <c>1234-5678-9012-3456-7890</c>.</summary>
public static class TokenNumber
{
    public static string Group(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return "";
        var digits = new string(token.Where(char.IsAsciiDigit).ToArray());
        // Anything that is not a token of digits (a provider's note) is shown as it came, never half-grouped.
        if (digits.Length == 0) return token.Trim();
        return string.Join('-', digits.Chunk(4).Select(chunk => new string(chunk)));
    }
}
