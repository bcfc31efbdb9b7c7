using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.Web.Owner.Export;

namespace TokenPln.Web.Tests.Owner;

public class TransactionExportProxyTests
{
    [Fact]
    public async Task The_download_starts_before_transaction_service_has_finished_its_answer()
    {
        var upstream = new TrickleContent();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = upstream });
        var (http, body) = Request("?type=prepaid&status=success");

        var proxying = TransactionExportProxy.ProxyAsync(http, new HttpClient(handler) { BaseAddress = new Uri("http://transaction-service/") },
            NullLogger.Instance);
        await body.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The first rows reached the browser while the service still holds the rest: nothing waited for the whole file.
        Encoding.UTF8.GetString(body.ToArray()).ShouldBe("invoice,status\n");
        proxying.IsCompleted.ShouldBeFalse();
        upstream.Finish("INV-0000000000000001,success\n");
        await proxying;

        Encoding.UTF8.GetString(body.ToArray()).ShouldBe("invoice,status\nINV-0000000000000001,success\n");
        http.Response.StatusCode.ShouldBe(200);
        http.Response.ContentType.ShouldBe("text/csv; charset=utf-8");
        http.Response.Headers.ContentDisposition.ToString().ShouldBe("attachment; filename=transaksi.csv");
        handler.Requests.Single().ShouldBe("http://transaction-service/api/transactions/export.csv?type=prepaid&status=success");
    }

    [Fact]
    public async Task A_refusal_from_the_service_is_passed_on_with_its_status_and_problem()
    {
        const string problem = """{"status":400,"code":"validation_failed","detail":"Tanggal harus berformat yyyy-MM-dd."}""";
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent(problem, Encoding.UTF8, "application/problem+json"),
        });
        var (http, body) = Request("?from=kemarin");

        await TransactionExportProxy.ProxyAsync(http, new HttpClient(handler) { BaseAddress = new Uri("http://transaction-service/") }, NullLogger.Instance);

        http.Response.StatusCode.ShouldBe(400);
        http.Response.ContentType!.ShouldStartWith("application/problem+json");
        http.Response.Headers.ContentDisposition.ToString().ShouldBeEmpty();
        Encoding.UTF8.GetString(body.ToArray()).ShouldBe(problem);
    }

    private static (HttpContext Http, RecordingStream Body) Request(string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = TransactionExportProxy.Route;
        http.Request.QueryString = new QueryString(query);
        var body = new RecordingStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        http.Response.Body = body;
        return (http, body);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.ToString());
            return Task.FromResult(answer(request));
        }
    }

    /// <summary>A CSV answer whose header line is there at once and whose rows come only when the test says so.</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly TaskCompletionSource<string> _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TrickleContent() => Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };

        public void Finish(string rest) => _rest.SetResult(rest);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("invoice,status\n"u8.ToArray());
            await stream.FlushAsync();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(await _rest.Task));
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new PipeBackedStream(this));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        /// <summary>Reads what <see cref="SerializeToStreamAsync"/> writes, as it writes it.</summary>
        private sealed class PipeBackedStream : Stream
        {
            private readonly System.IO.Pipelines.Pipe _pipe = new();
            private readonly Stream _reader;

            public PipeBackedStream(TrickleContent content)
            {
                _reader = _pipe.Reader.AsStream();
                _ = Task.Run(async () =>
                {
                    await using var writer = _pipe.Writer.AsStream();
                    await content.SerializeToStreamAsync(writer, null);
                    await _pipe.Writer.CompleteAsync();
                });
            }

            public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _reader.ReadAsync(buffer, cancellationToken);
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                _reader.ReadAsync(buffer, offset, count, cancellationToken);
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>The browser's side of the response: what arrived, and when the first bytes did.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            FirstWrite.TrySetResult();
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            FirstWrite.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
