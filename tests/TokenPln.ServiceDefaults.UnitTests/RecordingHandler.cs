using System.Net;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>The innermost handler of a client under test: records each request and answers from a script.</summary>
internal sealed class RecordingHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? Body, string? ContentType)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken),
            request.Content?.Headers.ContentType?.ToString()));
        var answer = answers.Length == 0 ? (_ => new HttpResponseMessage(HttpStatusCode.OK)) : answers[Math.Min(Requests.Count - 1, answers.Length - 1)];
        var response = answer(request);
        // As a real handler does; Refit reads the request back from the response.
        response.RequestMessage ??= request;
        return response;
    }
}
