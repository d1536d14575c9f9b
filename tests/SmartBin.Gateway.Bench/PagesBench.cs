using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// smartbin-bench --pages: server time of every staff page and JSON endpoint on a gateway holding 1,000 bins and a
/// year of drop-offs.
///   dotnet run -c Release --project tests/SmartBin.Gateway.Bench -- --pages [--bins 1000] [--households 9003]
///       [--per-day 5500] [--days 365] [--runs 20] [--keep] [--database path]
/// Seeds a store as --reporting does (or reuses --database), starts the real gateway host on it (GatewayApp.Build, a
/// free loopback port, the embedded broker on another), adds a staff account, signs in over HTTP with the login
/// form's anti-forgery token, then requests each page N times after two warm-up requests. Server time is the
/// gateway's own <c>Server-Timing: app;dur=</c> header (measured by the dashboard middleware from the request's
/// arrival to the response's first byte); the client's round trip is printed beside it.
/// </summary>
internal static partial class PagesBench
{
    private const string User = "bench";
    private const string Password = "bench-password-123";

    public static async Task<int> RunAsync(string[] args, Func<string[], string, int, int> arg)
    {
        var data = YearOfData.FromArgs(args, arg, "smartbin-bench-pages-");
        Console.WriteLine(data.Describe("--pages", "requests per page"));
        try
        {
            if (!File.Exists(data.DatabasePath))
            {
                Seed(data);
            }
            var app = GatewayApp.Build([], Settings(data.Folder, Path.GetFileName(data.DatabasePath)));
            await app.StartAsync();
            try
            {
                AddStaff(app);
                using var client = await SignInAsync(new Uri(app.Urls.First()));
                await MeasureAsync(client, Pages(data.FirstDay, data.LastDay), data.Runs);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            return 0;
        }
        finally
        {
            data.Finish();
        }
    }

    /// <summary>Every staff page and JSON endpoint, with the year of data in its query where it takes a period.</summary>
    private static List<(string Name, string Path)> Pages(DateOnly first, DateOnly last)
    {
        var year = $"from={first:yyyy-MM-dd}&to={last:yyyy-MM-dd}";
        // The last complete ISO week of the data (the week of the last day has only its first days).
        var lastWeek = Reporting.ReportPeriod.WeekOf(last.AddDays(-7));
        var week = Reporting.ReportPeriod.WeekLabel(lastWeek.IsoYear, lastWeek.IsoWeek);
        var weekPeriod = Reporting.ReportPeriod.IsoWeek(lastWeek.IsoYear, lastWeek.IsoWeek);
        return
        [
            ("bins overview", "/staff/bins"),
            ("bins live JSON", "/staff/api/bins"),
            ("one bin page", "/staff/bins/baiyun-0001"),
            ("bin history JSON, 30 d", "/staff/api/bins/baiyun-0001/history?hours=720"),
            ("alerts", "/staff/alerts"),
            ("programme, year, per day", "/staff/programme?" + year),
            ("programme, year, per week", "/staff/programme?granularity=week&" + year),
            ("programme, year, one community", "/staff/programme?community=baiyun&" + year),
            ("campaign, one week", "/staff/campaign?week=" + week),
            ("exports form", "/staff/exports?" + year),
            ("totals CSV, year", "/staff/exports?handler=Totals&" + year),
            ("campaign CSV", "/staff/exports?handler=Campaign&week=" + week),
            ("drop-off CSV, one week", $"/staff/exports?handler=DropOffs&from={weekPeriod.From:yyyy-MM-dd}&to={weekPeriod.To:yyyy-MM-dd}"),
            ("printable report, year", $"/staff/exports?handler=Report&week={week}&" + year),
        ];
    }

    private static void Seed(YearOfData data)
    {
        using var store = new SqliteGatewayStore(data.DatabasePath, SqliteGatewayStore.CreateEngine(CreditingDefaults.Rules()),
            new SeedOptions { PilotCommunities = true }, TimeProvider.System);
        data.Seed();
    }

    private static Dictionary<string, string?> Settings(string folder, string databaseFile) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{FreePort()}",
        ["Logging:LogLevel:Default"] = "Warning",
        // Every page with the language switch's form logs that antiforgery replaced the Cache-Control header.
        ["Logging:LogLevel:Microsoft.AspNetCore.Antiforgery"] = "Error",
        ["SmartBin:Mqtt:Embedded:BindAddress"] = "127.0.0.1",
        ["SmartBin:Mqtt:Embedded:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["SmartBin:Storage:DataDirectory"] = folder,
        ["SmartBin:Storage:DatabaseFile"] = databaseFile,
        ["SmartBin:Seed:DemoFleet"] = "false",
        ["SmartBin:Staff:PasswordIterations"] = StaffPasswords.IterationsMin.ToString(CultureInfo.InvariantCulture),
        // The seeded year ends on the pilot's last day.
        ["SmartBin:Reporting:PilotStartDate"] = "2026-01-01",
        ["SmartBin:Reporting:PilotEndDate"] = "2026-06-30",
    };

    private static void AddStaff(WebApplication app)
    {
        var store = app.Services.GetRequiredService<SqliteGatewayStore>();
        if (store.FindStaffUser(User) is null)
        {
            var added = store.AddStaffUser(new StaffUserRecord(User, "Bench", StaffRoles.Admin, null,
                StaffPasswords.Hash(Password, StaffPasswords.IterationsMin), DateTimeOffset.UtcNow, null));
            if (added != AddStaffOutcome.Added)
            {
                throw new InvalidOperationException("could not add the bench's staff account: " + added);
            }
        }
    }

    /// <summary>Signs in as a browser would: the login form's anti-forgery token, then the form post (302 on success).</summary>
    private static async Task<HttpClient> SignInAsync(Uri baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var form = await client.GetStringAsync("/staff/login");
        var token = TokenPattern().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("no anti-forgery token on the login form");
        }
        using var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = User, ["password"] = Password, ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("sign-in failed: " + response.StatusCode);
        }
        return client;
    }

    /// <summary>
    /// Requests the pages in rounds (each round asks every page once), so a change in the machine's load during the
    /// run touches every page alike instead of whichever page was being measured at the time.
    /// </summary>
    private static async Task MeasureAsync(HttpClient client, List<(string Name, string Path)> pages, int runs)
    {
        var server = pages.Select(_ => new List<double>(runs)).ToList();
        var roundTrip = pages.Select(_ => new List<double>(runs)).ToList();
        var bytes = new long[pages.Count];
        for (var round = 0; round < runs + 2; round++)
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var path = pages[p].Path;
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                }
                if (round < 2)
                {
                    continue; // warm-up: JIT, Razor view compilation, SQLite page cache
                }
                server[p].Add(ServerMs(response, path));
                roundTrip[p].Add(elapsed);
                bytes[p] = body.Length;
            }
        }
        Console.WriteLine();
        Console.WriteLine("| page | bytes | server p50 ms | server p95 ms | round trip p50 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        var slow = 0;
        for (var p = 0; p < pages.Count; p++)
        {
            server[p].Sort();
            roundTrip[p].Sort();
            var p95 = Percentile(server[p], 95);
            slow += p95 > 300 ? 1 : 0;
            Console.WriteLine($"| {pages[p].Name} | {bytes[p]:N0} | {Percentile(server[p], 50):F1} | {p95:F1} | {Percentile(roundTrip[p], 50):F1} |");
        }
        Console.WriteLine();
        Console.WriteLine(slow == 0 ? "every page: server p95 <= 300 ms" : $"{slow} page(s) above 300 ms server p95");
    }

    private static double ServerMs(HttpResponseMessage response, string path)
    {
        var header = response.Headers.TryGetValues("Server-Timing", out var values) ? values.FirstOrDefault() : null;
        var match = DurPattern().Match(header ?? "");
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{path}: no Server-Timing header");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"app;dur=([\d.]+)")]
    private static partial Regex DurPattern();
}
