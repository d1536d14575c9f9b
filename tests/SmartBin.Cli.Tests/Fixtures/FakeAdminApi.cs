using System;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Fixtures;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>
    /// A loopback HTTP stand-in for the gateway's admin API, answering every request with one canned status and body
    /// (the CLI's error mapping), or per method and path (a provisioning run against the simulated bin); the real API
    /// is tested end to end against the gateway.
    /// </summary>
    public sealed class FakeAdminApi : IDisposable
    {
        private readonly HttpListener _listener = new();

        public FakeAdminApi(int status, string body, string contentType = "application/problem+json")
            : this((_, _) => (status, body), contentType)
        {
        }

        /// <summary>Answers each request from <paramref name="route"/> (method, path) → (status, body).</summary>
        public FakeAdminApi(Func<string, string, (int Status, string Body)> route, string contentType = "application/json")
        {
            Url = $"http://127.0.0.1:{FreeTcpPort.Next()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url?.PathAndQuery} {context.Request.Headers["Authorization"]}");
                    using (var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8))
                    {
                        Bodies.Enqueue(await reader.ReadToEndAsync());
                    }

                    (int status, string body) = route(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "/");
                    byte[] bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = contentType;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public ConcurrentQueue<string> Requests { get; } = new();

        /// <summary>The request bodies, in the order of <see cref="Requests"/> (empty for none).</summary>
        public ConcurrentQueue<string> Bodies { get; } = new();

        public static string Problem(int status, string code, string detail) =>
            $"{{\"type\":\"https://smartbin.example/problems/{code}\",\"title\":\"{code}\",\"status\":{status},\"detail\":\"{detail}\",\"code\":\"{code}\"}}";

        public void Dispose() => _listener.Close();
    }
}
