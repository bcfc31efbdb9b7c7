using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace TokenPln.ServiceDefaults.UnitTests;

public class WebEdgeTests
{
    private const string Ui = "https://kasir.tokenpln.example";

    [Theory]
    [InlineData("/api/thing")]
    [InlineData("/api/missing")]
    [InlineData("/api/boom")]
    public async Task Every_answer_carries_the_security_headers_and_is_not_cached(string path)
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapGet("/api/thing", () => "ok");
            a.MapGet("/api/boom", IResult () => throw new InvalidOperationException("a bug"));
        });

        using var response = await app.GetTestClient().GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task An_answer_that_sets_its_own_caching_keeps_it()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/api/prices", (HttpResponse r) =>
        {
            r.Headers.CacheControl = "private, max-age=60";
            return "ok";
        }));

        using var response = await app.GetTestClient().GetAsync("/api/prices");

        response.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_configured_ui_origin_passes_the_cors_preflight_and_another_origin_does_not()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/api/thing", () => "ok"),
            new() { ["Cors:AllowedOrigins:0"] = Ui });
        var client = app.GetTestClient();

        using var allowed = await client.SendAsync(Preflight(Ui));
        using var refused = await client.SendAsync(Preflight("https://evil.example"));

        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([Ui]);
        allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant().ShouldContain("idempotency-key");
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Without_configured_origins_no_cross_origin_call_is_allowed()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/api/thing", () => "ok"));

        using var response = await app.GetTestClient().SendAsync(Preflight(Ui));

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/thing");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }
}
