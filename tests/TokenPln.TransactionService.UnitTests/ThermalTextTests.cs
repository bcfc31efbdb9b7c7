using TokenPln.TransactionService.Printing;

namespace TokenPln.TransactionService.UnitTests;

public sealed class ThermalTextTests
{
    [Theory]
    [InlineData(PaperWidth.Narrow)]
    [InlineData(PaperWidth.Wide)]
    public void No_line_is_wider_than_the_paper(PaperWidth width)
    {
        var text = new ThermalText(width)
            .Center("STRUK PEMBELIAN LISTRIK PRABAYAR DENGAN JUDUL YANG SANGAT PANJANG")
            .Row("NAMA", "PT INDOBEST ARTHA KREASI / CABANG JAKARTA SELATAN")
            .Row("STROOM/TOKEN", "0123 4567 8901 2345 6789")
            .Text("Tanpa-spasi-sama-sekali-dan-lebih-panjang-dari-satu-baris-kertas-apa-pun")
            .Rule();

        text.Lines.ShouldAllBe(line => line.Length <= (int)width);
    }

    [Fact]
    public void A_row_that_fits_puts_the_value_at_the_right_edge()
    {
        var text = new ThermalText(PaperWidth.Narrow).Row("RP BAYAR", "Rp 20.500");

        text.Lines.ShouldBe(["RP BAYAR               Rp 20.500"]);
    }

    [Fact]
    public void A_row_that_does_not_fit_puts_the_whole_value_right_aligned_under_its_label()
    {
        var text = new ThermalText(PaperWidth.Narrow).Row("STROOM/TOKEN", "0123 4567 8901 2345 6789");

        text.Lines.ShouldBe(["STROOM/TOKEN", "        0123 4567 8901 2345 6789"]);
    }

    [Fact]
    public void Centred_text_is_padded_on_the_left_only()
    {
        var text = new ThermalText(PaperWidth.Narrow).Center("CETAK ULANG");

        text.Lines.ShouldBe(["          CETAK ULANG"]);
    }

    [Fact]
    public void Text_is_wrapped_on_spaces_and_a_word_longer_than_a_line_is_split()
    {
        ThermalText.Wrap("ANDA MASIH MEMILIKI TUNGGAKAN 2 BULAN", 16).ShouldBe(["ANDA MASIH", "MEMILIKI", "TUNGGAKAN 2", "BULAN"]);
        ThermalText.Wrap("ABCDEFGHIJ", 4).ShouldBe(["ABCD", "EFGH", "IJ"]);
    }

    [Fact]
    public void The_text_ends_every_line_with_a_newline()
    {
        new ThermalText(PaperWidth.Narrow).Text("A").Rule('=').ToString().ShouldBe("A\n" + new string('=', 32) + "\n");
    }
}
