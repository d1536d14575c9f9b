using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// Answers 405 when a page has no handler for the request's method (a POST to a page that only shows something).
/// Without it Razor renders the page without running any handler, so a page whose view expects <c>OnGet</c>'s data
/// (the bin page) threw and answered 500 for any signed-in POST. GET and HEAD always render.
/// </summary>
internal sealed class UnhandledMethodFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.HttpContext.Response.Headers.Allow = "GET, HEAD";
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
