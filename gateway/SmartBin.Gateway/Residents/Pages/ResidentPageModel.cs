using System;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary>Base of the signed-in portal pages: the request's <see cref="ResidentScope"/>, which every query takes.</summary>
public abstract class ResidentPageModel : PageModel
{
    /// <summary>The signed-in card and household.</summary>
    public ResidentScope Scope => ResidentScope.Require(User);
}

/// <summary>A resident page that lists the household's rows a page at a time (<c>?p=N</c>, 1-based).</summary>
/// <typeparam name="T">One row.</typeparam>
public abstract class PagedResidentPageModel<T> : ResidentPageModel
{
    /// <summary>The page's rows.</summary>
    public ResidentPage<T> Rows { get; private set; } = null!;

    /// <summary>1-based page shown.</summary>
    public int PageNumber { get; private set; }

    /// <summary>Pages in all.</summary>
    public int Pages { get; private set; }

    /// <summary>
    /// Reads page <paramref name="p"/> of <paramref name="pageSize"/> rows with <paramref name="read"/> (offset, limit);
    /// a number out of range shows the nearest page.
    /// </summary>
    protected void LoadPage(int? p, int pageSize, Func<int, int, ResidentPage<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        PageNumber = Math.Max(1, p ?? 1);
        Rows = read((PageNumber - 1) * pageSize, pageSize);
        Pages = (int)Math.Max(1, (Rows.Total + pageSize - 1) / pageSize);
        if (PageNumber > Pages)
        {
            PageNumber = Pages;
            Rows = read((PageNumber - 1) * pageSize, pageSize);
        }
    }
}
