using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TokenPln.IakSandbox.Prepaid;

namespace TokenPln.IakSandbox.Postpaid;

internal sealed class Bill
{
    public required long TrId { get; init; }
    public required string RefId { get; init; }
    public required string Code { get; init; }
    public required string Hp { get; init; }
    public required string Name { get; init; }
    public required string Period { get; init; }
    public required long Nominal { get; init; }
    public required long Admin { get; init; }
    public required int Sheets { get; init; }
    public required DateOnly InquiredOn { get; init; }
    public string? PaymentCode { get; init; }
    public int Status { get; set; } // checkstatus: 0 not paid, 1 paid, 2 failed, 3 in process
    public string? NoRef { get; set; }
    public DateTime? PaidAt { get; set; }
    public long BalanceAfter { get; set; }
    public long Price => Nominal + Admin;
    public long SellingPrice => Price - Komisi(Code);

    public static long Komisi(string code) => code == PostpaidApi.PostpaidCode ? 700 : 500;
}

/// <summary>Every inquired bill, by the client's ref_id and by IAK's tr_id.</summary>
internal sealed class PostpaidBook
{
    private long _nextTrId = 9732792;

    public ConcurrentDictionary<string, Bill> ByRefId { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<long, Bill> ByTrId { get; } = new();

    /// <summary>
    /// The inquiry whose payment holds each bill (product, customer, period). IAK knows the bill, not just the inquiry:
    /// once one inquiry of it is paid, every other inquiry of it is refused. Guarded by its own lock.
    /// </summary>
    public Dictionary<string, Bill> PaidBills { get; } = new(StringComparer.Ordinal);

    public static string BillKey(string code, string hp, string period) => $"{code}|{hp}|{period}";

    public long NextTrId() => Interlocked.Increment(ref _nextTrId);
}

/// <summary>
/// IAK postpaid (<c>/api/v1/bill/check</c>, by <c>commands</c>) for PLNPOSTPAID and PLN Non-Taglis, with IAK's
/// documented sandbox numbers: ...0000 one bill, ...0999 eight bills, ...0ccc inquiry answers code ccc,
/// ...1ccc inquiry succeeds and payment answers ccc (39 stays pending until the settle delay).
/// </summary>
internal static class PostpaidApi
{
    public const string PostpaidCode = "PLNPOSTPAID";
    public const string NonTaglisCode = "PLNNONTAG";

    public static IEndpointRouteBuilder MapPostpaidApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/bill/check/{type?}", Handle);
        return endpoints;
    }

    private static async Task<IResult> Handle(HttpRequest request, SandboxState state, PrepaidLedger ledger, PostpaidBook book)
    {
        var body = await IakJson.ReadAsync(request);
        if (body is null)
        {
            return IakJson.PostpaidData(new { response_code = "107", message = "XML FORMAT ERROR" }, StatusCodes.Status400BadRequest);
        }

        var command = body.Text("commands");
        var signed = command switch
        {
            "pricelist-pasca" => "pl",
            "inq-pasca" => body.Text("ref_id"),
            "pay-pasca" => body.Text("tr_id"),
            "checkstatus" => "cs",
            _ => null,
        };
        if (signed is null)
        {
            return command is "pricelist-pasca" or "inq-pasca" or "pay-pasca" or "checkstatus"
                ? IakJson.PostpaidData(new { response_code = "107", message = "XML FORMAT ERROR" }, StatusCodes.Status400BadRequest)
                : IakJson.PostpaidData(new { response_code = "101", message = "INVALID COMMAND" });
        }

        if (!Sign.Verify(state, body.Text("username"), body.Text("sign"), signed))
        {
            return IakJson.PostpaidData(new { response_code = "100", message = "INVALID SIGNATURE" });
        }

        return command switch
        {
            "pricelist-pasca" => PriceList(),
            "inq-pasca" => Inquiry(body, book),
            "pay-pasca" => Pay(body, state, ledger, book),
            _ => CheckStatus(body, book),
        };
    }

    private static IResult PriceList() => IakJson.PostpaidData(new
    {
        pasca = new object[]
        {
            new { code = PostpaidCode, name = "PLN PASCABAYAR", status = 1, fee = 2500, komisi = 700, type = "pln", category = "postpaid" },
            new { code = NonTaglisCode, name = "PLN NON TAGIHAN LISTRIK", status = 1, fee = 1600, komisi = 500, type = "pln", category = "postpaid" },
        },
    });

    private static IResult Inquiry(JsonObject body, PostpaidBook book)
    {
        var code = body.Text("code") ?? "";
        var hp = body.Text("hp") ?? "";
        var refId = body.Text("ref_id") ?? "";
        if (refId.Length == 0 || !refId.All(char.IsAsciiLetterOrDigit))
        {
            return Fail("03", "INVALID REF ID", refId);
        }

        if (code is not (PostpaidCode or NonTaglisCode))
        {
            return Fail("20", "PRODUCT UNREGISTERED", refId);
        }

        if (book.ByRefId.ContainsKey(refId))
        {
            return Fail("11", "DUPLICATE REF ID", refId);
        }

        var (valid, scenario, paymentCode) = Scenario(code, hp);
        if (!valid)
        {
            return Fail("14", "INCORRECT DESTINATION NUMBER", refId);
        }

        if (scenario is { } inquiryCode)
        {
            return Fail(inquiryCode, InquiryMessage(inquiryCode), refId);
        }

        var sheets = hp.EndsWith("0999") ? 8 : 1;
        var period = code == PostpaidCode ? Periods(sheets) : "";
        lock (book.PaidBills)
        {
            if (book.PaidBills.TryGetValue(PostpaidBook.BillKey(code, hp, period), out var paid) && paid.Status == 1)
            {
                return Fail("01", InquiryMessage("01"), refId);
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(hp));
        var bill = new Bill
        {
            TrId = book.NextTrId(),
            RefId = refId,
            Code = code,
            Hp = hp,
            Name = code == PostpaidCode ? "PELANGGAN " + hp[^4..] : "PEMOHON " + hp[^4..],
            Period = period,
            Nominal = (50_000 + hash[0] * 1_000L + hash[1] * 10L) * Math.Min(sheets, 4),
            Admin = (code == PostpaidCode ? 2500 : 1600) * Math.Min(sheets, 4),
            Sheets = sheets,
            InquiredOn = Today(),
            PaymentCode = paymentCode,
        };
        book.ByRefId[refId] = bill;
        book.ByTrId[bill.TrId] = bill;
        return IakJson.PostpaidData(BillBody(bill, "00", "INQUIRY SUCCESS", includePayment: false));
    }

    private static IResult Pay(JsonObject body, SandboxState state, PrepaidLedger ledger, PostpaidBook book)
    {
        if (!long.TryParse(body.Text("tr_id")?.Trim('"'), out var trId) || !book.ByTrId.TryGetValue(trId, out var bill))
        {
            return Fail("06", "INQUIRY ID NOT FOUND", null);
        }

        // The book's lock first, then the bill's (as everywhere), so that two inquiries of one bill cannot both be paid.
        lock (book.PaidBills)
        lock (bill)
        {
            var key = PostpaidBook.BillKey(bill.Code, bill.Hp, bill.Period);
            if (bill.Status is 1 or 3 || book.PaidBills.TryGetValue(key, out var holder) && holder.Status is 1 or 3)
            {
                return IakJson.PostpaidData(BillBody(bill, "34", "BILL HAS BEEN PAID", includePayment: false));
            }

            if (bill.InquiredOn != Today())
            {
                return IakJson.PostpaidData(BillBody(bill, "04", "BILLING ID EXPIRED", includePayment: false));
            }

            if (bill.PaymentCode is "37" or "105")
            {
                bill.Status = 2;
                return IakJson.PostpaidData(BillBody(bill, bill.PaymentCode, bill.PaymentCode == "37" ? "PAYMENT FAILED" : "MISC ERROR / BILLER SYSTEM ERROR",
                    includePayment: false));
            }

            var (debited, balance) = state.TryDebit(bill.SellingPrice);
            if (!debited)
            {
                return IakJson.PostpaidData(BillBody(bill, "17", "BALANCE NOT ENOUGH", includePayment: false));
            }

            bill.BalanceAfter = balance;
            ledger.Record(bill.RefId, "payment", bill.SellingPrice, balance);
            book.PaidBills[key] = bill;
            if (bill.PaymentCode == "39")
            {
                bill.Status = 3;
                var delay = state.Settings.SettleDelay;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(delay);
                    lock (bill) MarkPaid(bill);
                });
                return IakJson.PostpaidData(BillBody(bill, "39", "PENDING / TRANSAKSI SEDANG DIPROSES", includePayment: false));
            }

            MarkPaid(bill);
            return IakJson.PostpaidData(BillBody(bill, "00", "PAYMENT SUCCESS", includePayment: true));
        }
    }

    /// <summary>Settles a pending payment by hand, as IAK's Sandbox Report does.</summary>
    public static bool SettlePending(string refId, bool success, SandboxState state, PrepaidLedger ledger, PostpaidBook book)
    {
        if (!book.ByRefId.TryGetValue(refId, out var bill)) return false;
        lock (bill)
        {
            if (bill.Status != 3) return false;
            if (success)
            {
                MarkPaid(bill);
            }
            else
            {
                bill.Status = 2;
                bill.BalanceAfter = state.Credit(bill.SellingPrice);
                ledger.Record(bill.RefId, "refund", bill.SellingPrice, bill.BalanceAfter);
            }

            return true;
        }
    }

    private static void MarkPaid(Bill bill)
    {
        if (bill.Status is 1 or 2) return;
        bill.Status = 1;
        bill.PaidAt = DateTime.UtcNow;
        bill.NoRef = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("noref:" + bill.TrId)))[..32];
    }

    private static IResult CheckStatus(JsonObject body, PostpaidBook book)
    {
        var refId = body.Text("ref_id") ?? "";
        if (!book.ByRefId.TryGetValue(refId, out var bill))
        {
            return Fail("06", "INQUIRY ID NOT FOUND", refId);
        }

        lock (bill)
        {
            var (code, message) = bill.Status switch
            {
                1 => ("00", "PAYMENT SUCCESS"),
                2 => ("37", "PEMBAYARAN GAGAL"),
                3 => ("39", "PENDING / TRANSAKSI SEDANG DIPROSES"),
                _ => ("42", "REQUEST PEMBAYARAN BELUM DITERIMA"),
            };
            var data = BillBody(bill, code, message, includePayment: bill.Status == 1);
            data["status"] = bill.Status;
            return IakJson.PostpaidData(data);
        }
    }

    private static Dictionary<string, object?> BillBody(Bill bill, string code, string message, bool includePayment)
    {
        var detail = Enumerable.Range(0, Math.Min(bill.Sheets, 4)).Select(i => new
        {
            periode = bill.Period.Length == 0 ? "" : bill.Period.Split(',')[i],
            nilai_tagihan = (bill.Nominal / Math.Min(bill.Sheets, 4)).ToString(),
            admin = (bill.Admin / Math.Min(bill.Sheets, 4)).ToString(),
            denda = "0",
            total = bill.Price / Math.Min(bill.Sheets, 4),
        }).ToList();
        object desc = bill.Code == PostpaidCode
            ? new { tarif = "R1", daya = 1300, lembar_tagihan = bill.Sheets.ToString(), lembar_tagihan_sisa = Math.Max(0, bill.Sheets - 4), tagihan = new { detail } }
            : new { transaksi = "PENYAMBUNGAN BARU", no_registrasi = bill.Hp, tanggal_registrasi = bill.InquiredOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture) };
        var data = new Dictionary<string, object?>
        {
            ["tr_id"] = bill.TrId,
            ["code"] = bill.Code,
            ["hp"] = bill.Hp,
            ["tr_name"] = bill.Name,
            ["period"] = bill.Period,
            ["nominal"] = bill.Nominal,
            ["admin"] = bill.Admin,
            ["ref_id"] = bill.RefId,
            ["response_code"] = code,
            ["message"] = message,
            ["price"] = bill.Price,
            ["selling_price"] = bill.SellingPrice,
            ["desc"] = desc,
        };
        if (includePayment)
        {
            data["datetime"] = TimeZoneInfo.ConvertTimeFromUtc(bill.PaidAt!.Value, PrepaidApi.Jakarta).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            data["balance"] = bill.BalanceAfter;
            data["noref"] = bill.NoRef;
        }

        return data;
    }

    /// <summary>(well-formed, inquiry failure code, payment scenario code) for a customer number.</summary>
    private static (bool Valid, string? InquiryCode, string? PaymentCode) Scenario(string code, string hp)
    {
        var (prefix, length) = code == PostpaidCode ? ("53000000", 12) : ("322503000", 13);
        if (hp.Length != length || !hp.All(char.IsAsciiDigit) || hp.EndsWith("14") && !hp.StartsWith(prefix))
        {
            return (false, null, null);
        }

        if (!hp.StartsWith(prefix))
        {
            return (true, null, null);
        }

        var suffix = hp[prefix.Length..];
        return suffix switch
        {
            "0000" or "0999" => (true, null, null),
            ['0', .. var ccc] => (true, Normalize(ccc), null),
            ['1', .. var ccc] => (true, null, Normalize(ccc)),
            _ => (true, null, null),
        };
    }

    private static string Normalize(string ccc) => ccc.TrimStart('0').PadLeft(2, '0');

    private static string InquiryMessage(string code) => code switch
    {
        "01" => "INVOICE HAS BEEN PAID",
        "14" => "INCORRECT DESTINATION NUMBER",
        "103" => "TIMEOUT",
        _ => "INQUIRY FAILED",
    };

    private static IResult Fail(string code, string message, string? refId) =>
        IakJson.PostpaidData(new { tr_id = 0, ref_id = refId, response_code = code, message });

    private static string Periods(int sheets)
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, PrepaidApi.Jakarta);
        return string.Join(',', Enumerable.Range(1, Math.Min(sheets, 4)).Reverse().Select(i => now.AddMonths(-i).ToString("yyyyMM", CultureInfo.InvariantCulture)));
    }

    private static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, PrepaidApi.Jakarta).DateTime);
}
