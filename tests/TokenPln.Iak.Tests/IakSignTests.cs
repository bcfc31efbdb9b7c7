using System.Security.Cryptography;
using System.Text;

namespace TokenPln.Iak.Tests;

public class IakSignTests
{
    // Vectors from iak-api.md section 2, computed there (outside this code base) for username 081234567890 and
    // api key 5f3c9a1b2d4e6f70.
    [Theory]
    [InlineData(IakSign.CheckBalance, "edddd165223f91569625539b9ac62b8a")]
    [InlineData(IakSign.PriceList, "a0a48dc59bd19ac992b902dbe8718eb9")]
    [InlineData(IakSign.PostpaidCheckStatus, "c03bb17da87afa130f8228b9407d4200")]
    [InlineData("12345678901", "80f5ef0b4bf8689fe73dcd9df5179e56")]
    [InlineData("order001", "0d2805bd686ee862ebaa5581c352aab9")]
    [InlineData("9732792", "53827ac476001015e87d9581b11980f5")]
    [InlineData("INQ202401010001", "dee02a4ffc47e2e6b057de5c7268bd99")]
    public void Signs_match_the_documented_vectors(string value, string expected) =>
        IakSign.Compute("081234567890", "5f3c9a1b2d4e6f70", value).ShouldBe(expected);

    [Theory]
    [InlineData("bl")]
    [InlineData("INV-0000000000000001")]
    public void Signs_for_the_sandbox_account_equal_an_md5_computed_here(string value)
    {
        var expected = string.Concat(MD5.HashData(Encoding.UTF8.GetBytes("081234567890" + "DEVELOPMENT-ONLY-sandbox-key-0001" + value)).Select(b => b.ToString("x2")));

        IakSign.Compute("081234567890", "DEVELOPMENT-ONLY-sandbox-key-0001", value).ShouldBe(expected);
    }

    [Fact]
    public void A_sign_check_is_case_insensitive_and_rejects_another_value()
    {
        IakSign.Matches("081234567890", "5f3c9a1b2d4e6f70", "order001", "0D2805BD686EE862EBAA5581C352AAB9").ShouldBeTrue();
        IakSign.Matches("081234567890", "5f3c9a1b2d4e6f70", "order002", "0d2805bd686ee862ebaa5581c352aab9").ShouldBeFalse();
        IakSign.Matches("081234567890", "5f3c9a1b2d4e6f70", "order001", null).ShouldBeFalse();
    }

    [Theory]
    [InlineData("0123-4567-8901-2345-6789/PT INDOBEST ARTHA KREASI/R1 /000001300/66.2", "0123-4567-8901-2345-6789")]
    [InlineData("01234567890123456789/NAME/R1 /000001300/1.0", "0123-4567-8901-2345-6789")]
    [InlineData("1234/NAME", null)]
    [InlineData(null, null)]
    public void The_token_is_the_twenty_digits_before_the_first_slash_grouped_by_four(string? serialNumber, string? token) =>
        PlnToken.FromSerialNumber(serialNumber).ShouldBe(token);
}
