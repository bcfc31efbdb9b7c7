namespace TokenPln.Iak.Tests;

/// <summary>The one map from IAK's codes to what a cashier reads (iak-api.md, response code tables).</summary>
public class IakMessagesTests
{
    // Every code of the documented tables that a PLN sale can meet.
    private static readonly string[] PrepaidDocumented = ["00", "06", "07", "10", "12", "13", "14", "16", "17", "20", "39", "102", "106", "107", "110",
        "118", "121", "201", "202", "203", "204", "206", "207"];

    private static readonly string[] PostpaidDocumented = ["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "13", "14", "15", "16",
        "17", "20", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "91", "92", "93", "100", "102", "103", "105", "106",
        "108", "109", "110", "118", "201"];

    private static readonly string[] EnglishWords = ["NOT FOUND", "MAXIMUM", "INCORRECT", "INSUFFICIENT", "FAILED", "circuit", "TIMEOUT", "PENDING", "SUCCESS"];

    [Fact]
    public void Every_documented_prepaid_rc_has_a_short_indonesian_text_of_its_own()
    {
        PrepaidDocumented.ShouldBeSubsetOf(IakMessages.PrepaidCodes);
        foreach (var rc in PrepaidDocumented)
        {
            AssertForCashier(IakMessages.ForPrepaid(rc), rc);
        }
    }

    [Fact]
    public void Every_documented_postpaid_response_code_has_a_short_indonesian_text_of_its_own()
    {
        PostpaidDocumented.ShouldBeSubsetOf(IakMessages.PostpaidCodes);
        foreach (var code in PostpaidDocumented)
        {
            AssertForCashier(IakMessages.ForPostpaid(code), code);
        }
    }

    [Theory]
    [InlineData("20", "produk")]
    [InlineData("202", "hari ini")]
    [InlineData("14", "periksa kembali nomornya")]
    [InlineData("17", "deposit")]
    public void The_cashier_is_told_what_to_do(string rc, string advice) =>
        IakMessages.ForPrepaid(rc).ShouldContain(advice, Case.Insensitive);

    [Theory]
    [InlineData(null)]
    [InlineData("999")]
    public void An_unknown_code_still_reads_as_indonesian(string? rc)
    {
        AssertForCashier(IakMessages.ForPrepaid(rc), rc ?? "null");
        AssertForCashier(IakMessages.ForPostpaid(rc), rc ?? "null");
    }

    [Fact]
    public void Provider_faults_read_without_jargon()
    {
        foreach (var text in new[] { IakMessages.NotSent, IakMessages.Unknown, IakMessages.ProviderUnavailable })
        {
            AssertForCashier(text, "fault");
        }
    }

    private static void AssertForCashier(string text, string code)
    {
        text.Length.ShouldBeInRange(5, 160, $"code {code}");
        foreach (var word in EnglishWords)
        {
            text.ShouldNotContain(word, Case.Insensitive, $"code {code}: IAK's English stays with the owner");
        }
    }
}
