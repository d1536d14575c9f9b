using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using SmartBin.Gateway.Tests;
using Xunit;

namespace SmartBin.Web.Tests;

/// <summary>
/// One Playwright and one headless Debian Chromium (<see cref="ExecutablePath"/>) for the test class. No browser is
/// downloaded; a missing Chromium fails the tests with the fix in the message (test.sh installs the package).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>Debian's Chromium.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long an Expect(...) check retries before it fails.</summary>
    public const float ExpectTimeoutMs = 30_000;

    private IPlaywright? playwright;

    /// <summary>The browser.</summary>
    public IBrowser Instance { get; private set; } = null!;

    /// <summary>Where the tests save screenshots of the main pages (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, "tests", "artifacts", "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: a missing browser fails the run)" : "";
            throw new InvalidOperationException($"{ExecutablePath} is not installed{ci}. Run ./test.sh, which installs it, or: apt-get install chromium");
        }
        playwright = await Playwright.CreateAsync();
        Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Chromium's sandbox refuses to start as root (containers, CI); as any other user it stays on.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Directory.CreateDirectory(ScreenshotFolder);

        // Expect(...) retries until this timeout (Playwright's default is 5 s). The suite runs the test projects side by
        // side on two cores, so a page can take longer than that to update; a check that can never pass still fails.
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
    }

    /// <summary>A fresh context (own cookies) with <paramref name="locale"/> as the browser's language.</summary>
    public Task<IBrowserContext> ContextAsync(Uri baseAddress, string locale = "en-US", ViewportSize? viewport = null) =>
        Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });

    /// <summary>Signs a staff member in on the dashboard's login page and waits for the bins page it leads to.</summary>
    public static async Task SignInStaffAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/staff/login");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await AtAsync(page, "/staff/bins");
    }

    /// <summary>
    /// Waits until the page's address is <paramref name="pathAndQuery"/> exactly (with any query when
    /// <paramref name="anyQuery"/>). It waits on the address, not on the page's load event as WaitForURLAsync does:
    /// in one suite run on a busy CPU, Chromium's load event for a plain server-rendered page was not seen within 30 s
    /// though its network was idle. Every check after this waits for its own element or attribute anyway.
    /// </summary>
    public static Task AtAsync(IPage page, string pathAndQuery, bool anyQuery = false) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex("^https?://[^/]+" + Regex.Escape(pathAndQuery) + (anyQuery ? @"(\?[^#]*)?" : "") + "$"));

    /// <summary>Saves a full-page screenshot as <c>tests/artifacts/screenshots/{name}.png</c>.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
