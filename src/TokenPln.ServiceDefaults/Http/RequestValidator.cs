using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>
/// Collects every problem with a request before answering, so the cashier sees all fields to fix at once,
/// as a 400 <c>validation_failed</c> problem listing them.
/// </summary>
public sealed partial class RequestValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public RequestValidator Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            (_errors.TryGetValue(field, out var list) ? list : _errors[field] = []).Add(message);
        }

        return this;
    }

    /// <summary>Required text of at most <paramref name="maxLength"/> characters, without control characters or broken Unicode.</summary>
    public RequestValidator Text(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Check(!required, field, "Wajib diisi.");
        }

        Check(value.Length <= maxLength, field, $"Paling banyak {maxLength} karakter.");
        Check(!value.Any(char.IsControl), field, "Tidak boleh berisi karakter kontrol.");
        return Check(IsWellFormedUnicode(value), field, "Berisi karakter Unicode yang rusak.");
    }

    /// <summary>JSON can carry half a surrogate pair (<c>"\ud800"</c>), which no database should be asked to store.</summary>
    private static bool IsWellFormedUnicode(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }

        return true;
    }

    public RequestValidator Email(string? value, string field) =>
        Text(value, field, 254).Check(value is null || string.IsNullOrWhiteSpace(value) || EmailPattern().IsMatch(value), field, "Alamat email tidak valid.");

    public RequestValidator Digits(string? value, string field, int minLength, int maxLength) =>
        Check(value is not null && value.Length >= minLength && value.Length <= maxLength && value.All(char.IsAsciiDigit), field,
            minLength == maxLength ? $"Harus {minLength} digit angka." : $"Harus {minLength}–{maxLength} digit angka.");

    public ValidationProblem ToProblem() => ApiProblems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
