namespace TokenPln.Iak;

/// <summary>
/// What a cashier reads for IAK's answers: short Bahasa Indonesia that says what to do next. IAK's own English text
/// and code stay on the sale for the owner; this is the one place that turns them into counter language, so that a
/// new code is added here and nowhere else.
/// </summary>
public static class IakMessages
{
    public const string Processing = "Sedang diproses IAK; token akan muncul setelah dikonfirmasi.";
    public const string Success = "Berhasil.";

    /// <summary>The request certainly never left: nothing was sold and no money was taken.</summary>
    public const string NotSent = "Layanan IAK sedang tidak dapat dihubungi; transaksi tidak dikirim dan tidak ada uang yang terpakai. Coba lagi beberapa menit lagi.";

    /// <summary>The request may have reached IAK: the sale stays open until IAK's answer is known.</summary>
    public const string Unknown = "Menunggu konfirmasi IAK; jangan ulangi penjualan, status diperbarui otomatis.";

    public const string ProviderUnavailable = "Layanan IAK sedang tidak tersedia; coba lagi beberapa menit lagi.";

    private const string General = "Transaksi gagal di IAK; hubungi pemilik bila berulang.";

    private static readonly Dictionary<string, string> Prepaid = new(StringComparer.Ordinal)
    {
        ["00"] = Success,
        ["06"] = "Transaksi tidak ditemukan di IAK.",
        ["07"] = "Transaksi gagal di IAK; coba lagi.",
        ["10"] = "Batas pembelian harian untuk nomor ini sudah tercapai; coba besok.",
        ["12"] = "Batas saldo maksimum terlampaui; hubungi pemilik.",
        ["13"] = "Nomor pelanggan diblokir; periksa ke PLN.",
        ["14"] = "Nomor meter/ID pelanggan salah; periksa kembali nomornya.",
        ["16"] = "Nomor tidak sesuai dengan produk; periksa kembali nomornya.",
        ["17"] = "Saldo deposit IAK tidak cukup; hubungi pemilik untuk isi deposit.",
        ["20"] = "Kode produk tidak dikenal IAK; pilih produk lain.",
        ["39"] = Processing,
        ["102"] = "Server kita belum diizinkan IAK (IP); hubungi pemilik.",
        ["106"] = "Produk sedang tidak tersedia; pilih nominal lain.",
        ["107"] = "Permintaan ditolak IAK (format); hubungi pemilik.",
        ["110"] = "IAK sedang pemeliharaan sistem; coba lagi nanti.",
        ["118"] = "Akun IAK ditangguhkan; hubungi pemilik.",
        ["121"] = "Batas pembelian bulanan tercapai; hubungi pemilik.",
        ["201"] = Processing,
        ["202"] = "Nomor ini sudah membeli nominal yang sama hari ini; pilih nominal lain atau coba besok.",
        ["203"] = "Nomor terlalu panjang; periksa kembali nomornya.",
        ["204"] = "Akun IAK salah dikonfigurasi; hubungi pemilik.",
        ["206"] = "Nomor ini diblokir; hubungi pemilik.",
        ["207"] = "Nomor ini sudah bertransaksi hari ini; coba besok.",
    };

    private static readonly Dictionary<string, string> Postpaid = new(StringComparer.Ordinal)
    {
        ["00"] = Success,
        ["01"] = "Tagihan ini sudah dibayar.",
        ["02"] = "Tagihan belum dibayar.",
        ["03"] = "Nomor referensi tidak valid; lakukan cek tagihan lagi.",
        ["04"] = "Data tagihan kedaluwarsa; lakukan cek tagihan lagi.",
        ["05"] = Processing,
        ["06"] = "Data cek tagihan tidak ditemukan; lakukan cek tagihan lagi.",
        ["07"] = "Transaksi gagal di IAK; coba lagi.",
        ["08"] = "ID tagihan diblokir; periksa ke PLN.",
        ["09"] = "Cek tagihan gagal; coba lagi.",
        ["10"] = "Belum ada tagihan untuk pelanggan ini.",
        ["11"] = "Nomor referensi ganda; lakukan cek tagihan lagi.",
        ["13"] = "Nomor pelanggan diblokir; periksa ke PLN.",
        ["14"] = "Nomor pelanggan salah; periksa kembali nomornya.",
        ["15"] = "Nomor pelanggan tidak didukung.",
        ["16"] = "Nomor tidak sesuai dengan produk; periksa kembali nomornya.",
        ["17"] = "Saldo deposit IAK tidak cukup; hubungi pemilik untuk isi deposit.",
        ["20"] = "Produk tidak terdaftar di IAK.",
        ["30"] = "Tagihan ini harus dibayar di loket PLN.",
        ["31"] = "Total tagihan melebihi batas; bayar di loket PLN.",
        ["32"] = "Semua periode tagihan harus dibayar sekaligus.",
        ["33"] = "Transaksi belum dapat diproses; coba lagi nanti.",
        ["34"] = "Tagihan ini sudah dibayar.",
        ["35"] = "Masih ada tunggakan lain yang belum dibayar.",
        ["36"] = "Lewat jatuh tempo; bayar di loket PLN.",
        ["37"] = "Pembayaran gagal; lakukan cek tagihan lagi.",
        ["38"] = "Pembayaran gagal; lakukan cek tagihan lagi.",
        ["39"] = Processing,
        ["40"] = "Sebagian atau seluruh tagihan sudah dibayar.",
        ["41"] = "Tagihan ini tidak dapat dibayar di loket; bayar langsung ke PLN.",
        ["42"] = "Pembayaran belum diterima IAK; menunggu konfirmasi.",
        ["91"] = "Gangguan sistem di IAK; coba lagi nanti.",
        ["92"] = "Gangguan sistem di IAK; coba lagi nanti.",
        ["93"] = "Jumlah tagihan tidak valid; lakukan cek tagihan lagi.",
        ["100"] = "Akun IAK salah dikonfigurasi; hubungi pemilik.",
        ["102"] = "Server kita belum diizinkan IAK (IP); hubungi pemilik.",
        ["103"] = "IAK tidak menjawab tepat waktu; coba lagi.",
        ["105"] = "Gangguan di sistem PLN; coba lagi nanti.",
        ["106"] = "Produk sedang tidak tersedia; coba lagi nanti.",
        ["108"] = "ID ini tidak dapat dipakai untuk produk ini.",
        ["109"] = "PLN tidak melayani pukul 23.00–01.00 WIB; coba lagi setelahnya.",
        ["110"] = "IAK sedang pemeliharaan sistem; coba lagi nanti.",
        ["118"] = "Akun IAK ditangguhkan; hubungi pemilik.",
        ["201"] = Processing,
    };

    /// <summary>The cashier's text for a prepaid rc (top-up, status check, callback).</summary>
    public static string ForPrepaid(string? rc) => rc is not null && Prepaid.TryGetValue(rc, out var text) ? text : General;

    /// <summary>The cashier's text for a postpaid or Non-Taglis response_code (inquiry, payment, checkstatus).</summary>
    public static string ForPostpaid(string? responseCode) =>
        responseCode is not null && Postpaid.TryGetValue(responseCode, out var text) ? text : General;

    /// <summary>Every prepaid rc with a text of its own, for tests that check no English reaches a cashier.</summary>
    public static IReadOnlyCollection<string> PrepaidCodes => Prepaid.Keys;

    public static IReadOnlyCollection<string> PostpaidCodes => Postpaid.Keys;
}
