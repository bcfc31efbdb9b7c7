using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Owner;

/// <summary>
/// The owner settling a pending sale by hand, as IAK's report shows: a final status and a reason are required (the
/// correction is audited with them); the token is optional and only for a success.
/// </summary>
public sealed class CorrectionForm
{
    public string Status { get; set; } = "";
    public string Reason { get; set; } = "";
    public string SerialNumber { get; set; } = "";

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (Status is not ("success" or "failed")) errors["status"] = "Pilih Berhasil atau Gagal.";
        if (string.IsNullOrWhiteSpace(Reason)) errors["reason"] = "Alasan wajib diisi.";
        else if (Reason.Trim().Length > 500) errors["reason"] = "Paling banyak 500 karakter.";
        if (SerialNumber.Trim().Length > 200) errors["serialNumber"] = "Paling banyak 200 karakter.";
        if (Status == "failed" && !string.IsNullOrWhiteSpace(SerialNumber)) errors["serialNumber"] = "Token hanya untuk transaksi yang berhasil.";
        return errors;
    }

    public StatusCorrectionRequest ToRequest() =>
        new(Status, Reason.Trim(), Status == "success" && !string.IsNullOrWhiteSpace(SerialNumber) ? SerialNumber.Trim() : null);
}
