using System.Text.Json;

namespace TokenPln.Iak;

public static class IakCallbacks
{
    /// <summary>
    /// Reads IAK's prepaid callback (v2 or v1 field names, every value a string); null when it is not IAK's shape
    /// or its sign is not md5(username + api key + ref_id) for this account.
    /// </summary>
    public static IakCallback? ReadVerified(JsonElement body, string username, string apiKey)
    {
        var data = body.Get("data") ?? body;
        var refId = data.Text("ref_id");
        var sign = data.Text("sign");
        if (refId is null || data.Int("status") is not { } status || !IakSign.Matches(username, apiKey, refId, sign))
        {
            return null;
        }

        return new IakCallback(refId, status, data.Text("product_code") ?? data.Text("code"), data.Text("customer_id") ?? data.Text("hp"),
            data.Long("price"), data.Long("balance"), data.Long("tr_id"), data.Text("sn"), data.Text("rc") ?? "", data.Text("message") ?? "", sign!);
    }
}
