using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// The resident portal under <see cref="BasePath"/> (Residents/README.md): Razor Pages in Residents/Pages, its own
/// cookie scheme (a resident cookie never opens a staff page, nor a staff cookie a resident one), zh-CN/en per
/// request, and the staff page that issues one-time codes (<see cref="StaffCodePath"/>). Called by the Web registration
/// after the staff dashboard's (whose Razor Pages setup it extends).
/// </summary>
public static class ResidentRegistration
{
    /// <summary>Path prefix of every portal page.</summary>
    public const string BasePath = "/me";

    /// <summary>The staff page that issues one-time codes.</summary>
    public const string StaffCodePath = "/staff/resident-code";

    /// <summary>Name of the portal's sign-in cookie.</summary>
    public const string CookieName = "smartbin.resident";

    /// <summary>Name of the portal's language cookie.</summary>
    public const string CultureCookie = CookieName + ".culture";

    private static readonly Web.HtmlAreaMiddleware TimeAndSecure =
        new("'self'", "smartbin_resident_request_seconds", "Server time of resident portal requests, by route.");

    /// <summary>Adds the portal's pages, authentication scheme, policies and services.</summary>
    public static IServiceCollection AddSmartBinResidents(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPageRouteModelProvider, ResidentPageRoutes>());
        services.Configure<RazorPagesOptions>(pages => ResidentPageRoutes.Authorize(pages.Conventions));
        services.AddAuthentication().AddCookie(ResidentScope.Scheme, cookie => Configure(cookie, options.Residents));
        services.AddAuthorizationBuilder()
            .AddPolicy(ResidentScope.Policy, p => p.AddAuthenticationSchemes(ResidentScope.Scheme).RequireAuthenticatedUser()
                .RequireClaim(ResidentScope.HouseholdClaim).RequireClaim(ResidentScope.PinClaim, ResidentScope.PinSetValue))
            .AddPolicy(ResidentScope.PendingPolicy, p => p.AddAuthenticationSchemes(ResidentScope.Scheme).RequireAuthenticatedUser()
                .RequireClaim(ResidentScope.HouseholdClaim));
        // The staff registration scopes the anti-forgery cookie to /staff; the portal's forms need it under /me too.
        // The cookie holds a random token only (not tied to either sign-in), so one cookie for the site is safe.
        services.PostConfigure<AntiforgeryOptions>(a => a.Cookie.Path = "/");
        services.AddSingleton(sp => new ResidentSignIn(sp.GetRequiredService<Storage.SqliteGatewayStore>(), sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<GatewayOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<ResidentFormat>();
        return services;
    }

    /// <summary>The portal's middleware (resident principal, culture, headers, timing) and its small JSON endpoint.</summary>
    public static WebApplication MapSmartBinResidents(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(c => c.Request.Path.StartsWithSegments(BasePath), portal =>
        {
            TimeAndSecure.UseIn(portal);
            portal.Use(ResidentPrincipalAsync);
            portal.UseStatusCodePages("text/plain; charset=utf-8", "{0}");
            portal.UseRequestLocalization(Localization());
        });
        app.MapGet(BasePath + "/api/summary", ResidentApi.Summary).RequireAuthorization(ResidentScope.Policy);
        return app;
    }

    /// <summary>The switch's cookie, then the browser's Accept-Language; Chinese when neither names a language we have.</summary>
    internal static RequestLocalizationOptions Localization()
    {
        var cultures = new[] { new CultureInfo(ResidentText.Chinese), new CultureInfo(ResidentText.English) };
        return new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(ResidentText.Chinese),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }, new AcceptLanguageHeaderRequestCultureProvider()],
        };
    }

    private static void Configure(CookieAuthenticationOptions cookie, ResidentOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = BasePath;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = BasePath + "/signin";
        cookie.LogoutPath = BasePath + "/signout";
        cookie.AccessDeniedPath = BasePath + "/pin";
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
        cookie.SlidingExpiration = true;
        cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
        // The only resident page a signed-in resident can be refused is every page before a PIN is chosen: go choose one.
        cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        cookie.Events.OnValidatePrincipal = ValidateAsync;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments(BasePath + "/api"))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    // Every request re-reads the card: a deactivated card, or one moved to another household, is signed out at once.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var scope = ResidentScope.Of(context.Principal);
        if (scope is null || !context.HttpContext.RequestServices.GetRequiredService<ResidentSignIn>().StillValid(scope))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ResidentScope.Scheme);
        }
    }

    // The site's default scheme is the staff one; on portal paths the user is the resident (pages that allow anonymous
    // visitors, such as the language switch, then see the same user the form was rendered for).
    private static async Task ResidentPrincipalAsync(HttpContext context, RequestDelegate next)
    {
        var result = await context.AuthenticateAsync(ResidentScope.Scheme);
        context.User = result.Succeeded ? result.Principal! : new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        await next(context);
    }
}
