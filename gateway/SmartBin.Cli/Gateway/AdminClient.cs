using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Cli.Gateway
{
    /// <summary>
    /// The gateway's admin API (base <c>/api/admin/v1</c>, bearer API key). Every failure becomes a
    /// <see cref="CliException"/> that names the problem and the fix: unreachable (exit 4), credentials (exit 5),
    /// anything else the gateway refused (exit 1, with its problem detail).
    /// </summary>
    internal sealed class AdminClient : IDisposable
    {
        public const string BasePath = "api/admin/v1/";
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        private readonly HttpClient _http;
        private readonly Uri _gateway;

        public AdminClient(Uri gateway, string apiKey, TimeSpan timeout, HttpMessageHandler? handler = null)
        {
            _gateway = gateway;
            _http = handler is null ? new HttpClient() : new HttpClient(handler);
            _http.BaseAddress = new Uri(gateway, BasePath);
            _http.Timeout = timeout;
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        /// <summary>Checks that <paramref name="gateway"/> and <paramref name="apiKey"/> are usable before any call.</summary>
        public static AdminClient Create(string? gateway, string? apiKey, TimeSpan timeout)
        {
            if (string.IsNullOrWhiteSpace(gateway))
            {
                throw new CliException(ExitCodes.Usage, "no gateway given", "pass --gateway http://HOST:5080 or set SMARTBIN_GATEWAY");
            }

            if (!Uri.TryCreate(gateway.EndsWith('/') ? gateway : gateway + "/", UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.Usage, $"'{gateway}' is not a gateway URL", "pass --gateway http://HOST:5080 (the gateway's web address)");
            }

            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new CliException(ExitCodes.Auth, "no admin API key given",
                    "pass --api-key sbk_… or set SMARTBIN_API_KEY; an admin creates one on the gateway host with `SmartBin.Gateway operator add --name NAME --role admin`");
            }

            return new AdminClient(uri, apiKey.Trim(), timeout);
        }

        public Task<AdminResult<WhoAmI>> WhoAmIAsync(CancellationToken ct) => SendAsync<WhoAmI>(HttpMethod.Get, "whoami", null, ct);

        public Task<AdminResult<AdminBin>> PutBinAsync(string binId, BinRegistration body, CancellationToken ct) =>
            SendAsync<AdminBin>(HttpMethod.Put, "bins/" + Uri.EscapeDataString(binId), body, ct);

        public Task<AdminResult<AdminBin>> GetBinAsync(string binId, CancellationToken ct) =>
            SendAsync<AdminBin>(HttpMethod.Get, "bins/" + Uri.EscapeDataString(binId), null, ct);

        public Task<AdminResult<BinList>> ListBinsAsync(string? community, CancellationToken ct) =>
            SendAsync<BinList>(HttpMethod.Get, community is null ? "bins" : "bins?community=" + Uri.EscapeDataString(community), null, ct);

        public Task<AdminResult<IssuedSecret>> IssueSecretAsync(string binId, CancellationToken ct) =>
            SendAsync<IssuedSecret>(HttpMethod.Post, "bins/" + Uri.EscapeDataString(binId) + "/secret", null, ct);

        public Task<AdminResult<AdminBin>> DisableAsync(string binId, string reason, CancellationToken ct) =>
            SendAsync<AdminBin>(HttpMethod.Post, "bins/" + Uri.EscapeDataString(binId) + "/disable", new { reason }, ct);

        public Task<AdminResult<AdminBin>> EnableAsync(string binId, CancellationToken ct) =>
            SendAsync<AdminBin>(HttpMethod.Post, "bins/" + Uri.EscapeDataString(binId) + "/enable", null, ct);

        public Task<AdminResult<ProvisioningRecord>> PostProvisioningAsync(string binId, ProvisioningRecord record, CancellationToken ct) =>
            SendAsync<ProvisioningRecord>(HttpMethod.Post, "bins/" + Uri.EscapeDataString(binId) + "/provisionings", record, ct);

        public Task<AdminResult<CardRegistration>> RegisterCardAsync(CardRegistration card, CancellationToken ct) =>
            SendAsync<CardRegistration>(HttpMethod.Post, "cards", card, ct);

        public Task<AdminResult<CardState>> GetCardAsync(string cardUid, CancellationToken ct) =>
            SendAsync<CardState>(HttpMethod.Get, "cards/" + Uri.EscapeDataString(cardUid), null, ct);

        /// <summary>Deactivates a card; without a <paramref name="reason"/> no body is sent (the gateway records none).</summary>
        public Task<AdminResult<CardState>> DeactivateCardAsync(string cardUid, string? reason, CancellationToken ct) =>
            SendAsync<CardState>(HttpMethod.Post, "cards/" + Uri.EscapeDataString(cardUid) + "/deactivate", reason is null ? null : new { reason }, ct);

        public Task<AdminResult<Household>> GetHouseholdAsync(string householdId, CancellationToken ct) =>
            SendAsync<Household>(HttpMethod.Get, "households/" + Uri.EscapeDataString(householdId), null, ct);

        public void Dispose() => _http.Dispose();

        private async Task<AdminResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                // Buffered with a Content-Length: some proxies in front of a gateway refuse chunked request bodies.
                request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), System.Text.Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw AdminErrors.Unreachable(_gateway, Innermost(e).Message, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw AdminErrors.Unreachable(_gateway, $"no answer within {_http.Timeout.TotalSeconds:0} s", e);
            }

            using (response)
            {
                string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw AdminErrors.ForStatus(_gateway, method.Method + " " + path, (int)response.StatusCode, ParseProblem(text));
                }

                T? value;
                try
                {
                    value = JsonSerializer.Deserialize<T>(text, Json);
                }
                catch (JsonException e)
                {
                    throw AdminErrors.NotTheApi(_gateway, $"{method.Method} {path} answered {(int)response.StatusCode} with something that is not its JSON ({e.Message})");
                }

                return value is null
                    ? throw AdminErrors.NotTheApi(_gateway, $"{method.Method} {path} answered {(int)response.StatusCode} with an empty body")
                    : new AdminResult<T>((int)response.StatusCode, value);
            }
        }

        private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

        private static Problem? ParseProblem(string text)
        {
            try
            {
                return text.Length == 0 ? null : JsonSerializer.Deserialize<Problem>(text, Json);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
