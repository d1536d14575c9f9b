using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// The staff dashboard under <see cref="BasePath"/>: Razor Pages (Staff/Pages) and a small JSON API, cookie
/// sign-in, the <c>staff</c> and <c>admin</c> policies, zh-CN/en per request. Called by the Web registration.
/// </summary>
public static class StaffRegistration
{
    /// <summary>Path prefix of every dashboard page and endpoint.</summary>
    public const string BasePath = "/staff";

    /// <summary>Path prefix of the dashboard's JSON endpoints (401, not a redirect, when signed out).</summary>
    public const string ApiPath = BasePath + "/api";

    /// <summary>Name of the sign-in cookie.</summary>
    public const string CookieName = "smartbin.staff";

    // The dashboard's pages use inline style attributes, hence 'unsafe-inline' for styles (never for scripts).
    private static readonly Web.HtmlAreaMiddleware TimeAndSecure =
        new("'self' 'unsafe-inline'", "smartbin_staff_request_seconds", "Server time of dashboard requests, by route.");

    /// <summary>Adds pages, authentication, authorization policies, localization and the dashboard's services.</summary>
    public static IServiceCollection AddSmartBinStaff(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddLocalization();
        // Razor encodes everything outside Basic Latin by default; Chinese page text stays readable in the source.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(pages =>
            {
                pages.RootDirectory = "/Staff/Pages";
                pages.Conventions.AuthorizeFolder("/", StaffRoles.StaffPolicy);
                pages.Conventions.AllowAnonymousToPage("/Login");
                pages.Conventions.AllowAnonymousToPage("/Culture");
                pages.Conventions.AuthorizePage("/Users", StaffRoles.AdminPolicy);
                pages.Conventions.ConfigureFilter(new UnhandledMethodFilter());
            })
            // Tests host the gateway in the test runner, whose entry assembly holds no pages: name ours explicitly.
            .ConfigureApplicationPartManager(parts =>
            {
                var gateway = typeof(StaffRegistration).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == gateway))
                {
                    // The factory also yields the compiled Razor views of the assembly, not only its types.
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(gateway).GetApplicationParts(gateway))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddAuthentication(StaffScope.Scheme).AddCookie(StaffScope.Scheme, cookie => Configure(cookie, options.Staff));
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.StaffPolicy, p => p.AddAuthenticationSchemes(StaffScope.Scheme).RequireAuthenticatedUser().RequireRole(StaffRoles.Staff, StaffRoles.Admin))
            .AddPolicy(StaffRoles.AdminPolicy, p => p.AddAuthenticationSchemes(StaffScope.Scheme).RequireAuthenticatedUser().RequireRole(StaffRoles.Admin));
        // Keys in the data folder: sessions survive a restart, and nothing is written to the service account's home.
        services.AddDataProtection().SetApplicationName("SmartBin.Gateway")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.Storage.DataDirectory, "keys")));
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = CookieName + ".af";
            a.Cookie.Path = BasePath;
            a.Cookie.SameSite = SameSiteMode.Strict;
            // The framework's default (None) never marks it Secure, not even over HTTPS.
            a.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton(sp => new StaffSignIn(sp.GetRequiredService<SqliteGatewayStore>(), sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<GatewayOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StaffData(sp.GetRequiredService<SqliteGatewayStore>(), sp.GetRequiredService<BinLiveState>(),
            sp.GetRequiredService<AlertEngine>(), sp.GetRequiredService<GatewayOptions>(), sp.GetService<ITimeSeriesReader>()));
        services.AddScoped<StaffFormat>();
        return services;
    }

    /// <summary>Adds static files, the dashboard's middleware (culture, headers, timing), sign-in, and maps pages and API.</summary>
    public static WebApplication MapSmartBinStaff(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(BasePath), staff =>
        {
            TimeAndSecure.UseIn(staff);
            // A bare 404 or 403 would leave the browser on its own error page: say the status in a line of text.
            staff.UseStatusCodePages("text/plain; charset=utf-8", "{0}");
            staff.UseRequestLocalization(Localization());
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        StaffApi.Map(app.MapGroup(ApiPath).RequireAuthorization(StaffRoles.StaffPolicy));
        return app;
    }

    /// <summary>Browser's Accept-Language or the switch's cookie; Chinese when neither names a language we have.</summary>
    internal static RequestLocalizationOptions Localization()
    {
        var cultures = new[] { new CultureInfo(StaffText.Chinese), new CultureInfo(StaffText.English) };
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(StaffText.Chinese),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        // The switch (cookie) wins over the browser; no query string provider: links stay clean.
        localization.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CultureCookie },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return localization;
    }

    /// <summary>Name of the language switch's cookie.</summary>
    public const string CultureCookie = CookieName + ".culture";

    private static void Configure(CookieAuthenticationOptions cookie, StaffOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = BasePath;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        // Secure when the request came over HTTPS (a reverse proxy with TLS); plain HTTP works on loopback.
        cookie.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = BasePath + "/login";
        cookie.LogoutPath = BasePath + "/logout";
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
        cookie.SlidingExpiration = true;
        cookie.Events.OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments(ApiPath))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            else
            {
                context.Response.Redirect(context.RedirectUri);
            }
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = ValidateAsync;
    }

    // Every request re-reads the account, so a disabled account (or a changed role or community) is signed out at once.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<SqliteGatewayStore>();
        bool valid;
        try
        {
            var scope = StaffScope.Of(context.Principal!);
            valid = scope.StillMatches(store.FindStaffUser(scope.Username));
        }
        catch (InvalidOperationException)
        {
            valid = false; // a cookie without our claims
        }
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StaffScope.Scheme);
        }
    }
}
