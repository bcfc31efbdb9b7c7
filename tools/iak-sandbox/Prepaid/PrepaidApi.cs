using System.Text.Json.Nodes;

namespace TokenPln.IakSandbox.Prepaid;

/// <summary>IAK prepaid API v2, PLN only: check-balance, pricelist, inquiry-pln, top-up and check-status.</summary>
internal static class PrepaidApi
{
    public static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    public static IEndpointRouteBuilder MapPrepaidApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/check-balance", CheckBalance);
        endpoints.MapPost("/api/pricelist/{type?}/{operator?}", PriceList);
        endpoints.MapPost("/api/inquiry-pln", InquiryPln);
        endpoints.MapPost("/api/top-up", TopUp);
        endpoints.MapPost("/api/check-status", CheckStatus);
        return endpoints;
    }

    private static async Task<IResult> CheckBalance(HttpRequest request, SandboxState state)
    {
        if (await ReadSignedAsync(request, state, _ => "bl") is not { } body) return WrongSignOrFormat(request);
        return IakJson.Data(new { balance = state.Balance, message = "SUCCESS", rc = "00" });
    }

    private static async Task<IResult> PriceList(HttpRequest request, SandboxState state, string? type, string? @operator)
    {
        if (await ReadSignedAsync(request, state, _ => "pl") is not { } body) return WrongSignOrFormat(request);
        var status = body.Text("status") ?? "all";
        var inactive = state.Settings.InactiveProducts;
        var items = (type is null or "pln") && (@operator is null or "pln")
            ? PrepaidCatalog.PlnTokens.Select(p => new
            {
                product_code = p.Code,
                product_description = "PLN",
                product_nominal = p.Nominal.ToString(),
                product_details = "-",
                product_price = p.Price,
                product_type = "pln",
                active_period = "0",
                status = inactive.Contains(p.Code) ? "non active" : "active",
                icon_url = "https://cdn.mobilepulsa.net/img/logo/pulsa/small/listrik.png",
                product_category = "pln",
            }).Where(p => status == "all" || p.status == status).ToList()
            : [];
        return IakJson.Data(new { pricelist = items, message = "SUCCESS", rc = "00" });
    }

    private static async Task<IResult> InquiryPln(HttpRequest request, SandboxState state)
    {
        if (await ReadSignedAsync(request, state, b => b.Text("customer_id")) is not { } body) return WrongSignOrFormat(request);
        var customerId = body.Text("customer_id");
        if (PrepaidCatalog.FindCustomer(customerId) is not { } customer)
        {
            return IakJson.Data(new { status = "2", customer_id = customerId, meter_no = "", subscriber_id = "", name = "", segment_power = "",
                message = "INCORRECT DESTINATION NUMBER", rc = "14" });
        }

        return IakJson.Data(new
        {
            status = "1", customer_id = customer.CustomerId, meter_no = customer.MeterNo, subscriber_id = customer.SubscriberId,
            name = customer.Name, segment_power = customer.SegmentPower, message = "SUCCESS", rc = "00",
        });
    }

    private static async Task<IResult> TopUp(HttpRequest request, SandboxState state, PrepaidLedger ledger, PrepaidSettlement settlement)
    {
        if (await ReadSignedAsync(request, state, b => b.Text("ref_id")) is not { } body) return WrongSignOrFormat(request);
        var refId = body.Text("ref_id")!;
        var customerId = body.Text("customer_id") ?? "";
        var productCode = body.Text("product_code") ?? "";

        // A repeated ref_id never sells again: IAK answers it as a status check.
        if (ledger.Transactions.TryGetValue(refId, out var existing))
        {
            lock (existing) existing.TopUpRequests++;
            return Describe(existing, state);
        }

        var product = PrepaidCatalog.PlnTokens.FirstOrDefault(p => p.Code == productCode);
        if (product is null)
        {
            return Immediate(refId, customerId, productCode, 0, state, "20", "CODE NOT FOUND");
        }

        if (state.Settings.InactiveProducts.Contains(product.Code))
        {
            return Immediate(refId, customerId, productCode, product.Price, state, "106", "PRODUCT IS TEMPORARILY OUT OF SERVICE");
        }

        if (PrepaidCatalog.FindCustomer(customerId) is null)
        {
            return Immediate(refId, customerId, productCode, product.Price, state, "14", "INCORRECT DESTINATION NUMBER");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta).DateTime);
        var transaction = new PrepaidTransaction
        {
            RefId = refId, TrId = ledger.NextTrId(), CustomerId = customerId, ProductCode = productCode,
            Price = product.Price, Nominal = product.Nominal, Day = today,
        };

        lock (ledger)
        {
            if (state.Settings.SameNumberRestriction && ledger.Transactions.Values.Any(t =>
                    t.CustomerId == customerId && t.ProductCode == productCode && t.Day == today && t.Status != 2))
            {
                return Immediate(refId, customerId, productCode, product.Price, state, "202", "MAXIMUM 1 NUMBER 1 TIME IN 1 DAY");
            }

            var (debited, balance) = state.TryDebit(product.Price);
            if (!debited)
            {
                return Immediate(refId, customerId, productCode, product.Price, state, "17", "INSUFFICIENT DEPOSIT");
            }

            transaction.Debited = true;
            transaction.BalanceAfter = balance;
            if (!ledger.Transactions.TryAdd(refId, transaction))
            {
                // The same ref_id raced in on another request: give the deposit back and answer that one.
                state.Credit(product.Price);
                return Describe(ledger.Transactions[refId], state);
            }

            ledger.Record(refId, "debit", product.Price, balance);
        }

        if (state.Settings.Instant)
        {
            settlement.Settle(transaction, success: !PrepaidCatalog.SettlesAsFailure(customerId), reason: "instant mode");
        }
        else
        {
            settlement.Schedule(transaction);
        }

        return Describe(transaction, state);
    }

    private static async Task<IResult> CheckStatus(HttpRequest request, SandboxState state, PrepaidLedger ledger)
    {
        if (await ReadSignedAsync(request, state, b => b.Text("ref_id")) is not { } body) return WrongSignOrFormat(request);
        var refId = body.Text("ref_id")!;
        ledger.CountStatusCheck(refId);
        return ledger.Transactions.TryGetValue(refId, out var transaction)
            ? Describe(transaction, state)
            : IakJson.Data(new { ref_id = refId, status = 2, message = "TRANSACTION NOT FOUND", rc = "06" });
    }

    /// <summary>The top-up / check-status body: status, price, balance and tr_id as numbers, rc as a string.</summary>
    public static IResult Describe(PrepaidTransaction t, SandboxState state)
    {
        lock (t)
        {
            return t.Sn is null
                ? IakJson.Data(new { ref_id = t.RefId, status = t.Status, product_code = t.ProductCode, customer_id = t.CustomerId, price = t.Price,
                    message = t.Message, balance = t.BalanceAfter, tr_id = t.TrId, rc = t.Rc })
                : IakJson.Data(new { ref_id = t.RefId, status = t.Status, product_code = t.ProductCode, customer_id = t.CustomerId, price = t.Price,
                    message = t.Message, sn = t.Sn, balance = t.BalanceAfter, tr_id = t.TrId, rc = t.Rc });
        }
    }

    /// <summary>An immediate failure: nothing sold, nothing debited.</summary>
    private static IResult Immediate(string refId, string customerId, string productCode, long price, SandboxState state, string rc, string message) =>
        IakJson.Data(new { ref_id = refId, status = 2, product_code = productCode, customer_id = customerId, price, message,
            balance = state.Balance, tr_id = 0, rc });

    private static async Task<JsonObject?> ReadSignedAsync(HttpRequest request, SandboxState state, Func<JsonObject, string?> signedValue)
    {
        var body = await IakJson.ReadAsync(request);
        if (body is null || signedValue(body) is not { } value)
        {
            request.HttpContext.Items[ProblemKey] = "format";
            return null;
        }

        if (!Sign.Verify(state, body.Text("username"), body.Text("sign"), value))
        {
            request.HttpContext.Items[ProblemKey] = "sign";
            return null;
        }

        return body;
    }

    private const string ProblemKey = "iak-problem";

    private static IResult WrongSignOrFormat(HttpRequest request)
    {
        return request.HttpContext.Items[ProblemKey] is "format"
            ? IakJson.Data(new { rc = "107", message = "ERROR IN XML FORMAT", status = 2, error_details = new { body = new[] { "invalid JSON or a required field is missing" } } },
                StatusCodes.Status400BadRequest)
            : IakJson.Data(new { rc = "204", message = "WRONG AUTHENTICATION", status = 2 });
    }
}
