using System;
using System.Linq;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Microsoft.AspNetCore.Razor.Hosting;
using SmartBin.Gateway.Staff;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// Routes the Razor Pages under <see cref="Folder"/>. The application has one Razor Pages root (the staff
/// dashboard's, <c>/Staff/Pages</c>), so the framework would not route pages kept elsewhere; this provider adds a
/// route for each compiled page here from its own <c>@page "/…"</c> template (which must be absolute). Page names
/// (<c>asp-page</c>) are the file paths without extension, e.g. <c>/Residents/Pages/Index</c>.
/// </summary>
internal sealed class ResidentPageRoutes(ApplicationPartManager parts) : IPageRouteModelProvider
{
    /// <summary>The folder of the resident pages.</summary>
    public const string Folder = "/Residents/Pages";

    /// <summary>The sub-folder of the staff-facing pages kept here (issuing codes): staff policy, staff layout.</summary>
    public const string StaffFolder = Folder + "/Staff";

    private const string PageKind = "mvc.1.0.razor-page";

    /// <summary>Pages a signed-out visitor may open (the sign-in form and its language switch).</summary>
    private static readonly string[] AnonymousPages = [Folder + "/SignIn", Folder + "/Culture"];

    /// <summary>After the framework's providers (order -1000 + 10), so nothing here is overwritten.</summary>
    public int Order => -900;

    /// <inheritdoc />
    public void OnProvidersExecuting(PageRouteModelProviderContext context)
    {
        var views = new ViewsFeature();
        parts.PopulateFeature(views);
        foreach (var view in views.ViewDescriptors.Where(v => v.RelativePath.StartsWith(Folder + "/", StringComparison.OrdinalIgnoreCase)))
        {
            if (view.Item?.Kind != PageKind || view.RelativePath.Contains("/Shared/", StringComparison.Ordinal) ||
                context.RouteModels.Any(m => string.Equals(m.RelativePath, view.RelativePath, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var template = view.Item.Metadata.OfType<RazorCompiledItemMetadataAttribute>().FirstOrDefault(m => m.Key == "RouteTemplate")?.Value;
            if (template is null || !template.StartsWith('/'))
            {
                throw new InvalidOperationException($"{view.RelativePath}: a resident page needs an absolute route, @page \"/me/…\"");
            }
            var name = view.RelativePath[..view.RelativePath.LastIndexOf('.')];
            var model = new PageRouteModel(view.RelativePath, name);
            model.RouteValues.Add("page", name);
            model.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = template.TrimStart('/') } });
            context.RouteModels.Add(model);
        }
    }

    /// <inheritdoc />
    public void OnProvidersExecuted(PageRouteModelProviderContext context)
    {
    }

    /// <summary>
    /// Authorization of the pages here. The staff registration puts every page behind the staff policy (its folder
    /// convention matches "/"); that requirement is taken off the resident pages, which get the resident policies
    /// instead, and kept on the staff-facing ones. Added after the staff conventions, so it runs after them.
    /// </summary>
    public static void Authorize(PageConventionCollection conventions)
    {
        conventions.AddFolderApplicationModelConvention(Folder, page =>
        {
            var staff = page.ViewEnginePath.StartsWith(StaffFolder + "/", StringComparison.Ordinal);
            RemoveWhere(page.EndpointMetadata, m => m is IAuthorizeData or IAllowAnonymous);
            RemoveWhere(page.Filters, f => f is AuthorizeFilter or AllowAnonymousFilter);
            if (staff)
            {
                page.EndpointMetadata.Add(new AuthorizeAttribute(StaffRoles.StaffPolicy));
            }
            else if (AnonymousPages.Contains(page.ViewEnginePath, StringComparer.Ordinal))
            {
                page.EndpointMetadata.Add(new AllowAnonymousAttribute());
            }
            else
            {
                page.EndpointMetadata.Add(new AuthorizeAttribute(page.ViewEnginePath == Folder + "/Pin" ? ResidentScope.PendingPolicy : ResidentScope.Policy));
            }
        });
    }

    private static void RemoveWhere<T>(System.Collections.Generic.IList<T> list, Func<T, bool> drop)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (drop(list[i]))
            {
                list.RemoveAt(i);
            }
        }
    }
}
