using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SmartBin.Gateway.Web;

/// <summary>
/// Query parameter rules for the status API. A bad value is answered 400 with a problem body whose
/// <c>parameter</c> names the culprit; a repeated parameter is bad too (which one would win is not obvious).
/// </summary>
internal static partial class StatusQuery
{
    /// <summary>Smallest <c>limit</c>.</summary>
    public const int LimitMin = 1;

    /// <summary>Largest <c>limit</c>: enough for a screen, small enough that a request cannot make the store read the world.</summary>
    public const int LimitMax = 500;

    /// <summary>
    /// Parses <c>limit</c> (absent → <paramref name="defaultLimit"/>). Returns null and sets <paramref name="limit"/>,
    /// or returns the 400 result.
    /// </summary>
    public static IResult? Limit(HttpRequest request, int defaultLimit, out int limit)
    {
        limit = defaultLimit;
        var values = request.Query["limit"];
        if (values.Count == 0)
        {
            return null;
        }
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= LimitMin and <= LimitMax)
        {
            limit = parsed;
            return null;
        }
        return Bad("limit", $"limit must be one integer from {LimitMin} to {LimitMax}");
    }

    /// <summary>Parses the optional <c>bin</c> filter (a bin id, docs/protocol.md). Null result = ok.</summary>
    public static IResult? Bin(HttpRequest request, out string? binId)
    {
        binId = null;
        var values = request.Query["bin"];
        if (values.Count == 0)
        {
            return null;
        }
        if (values.Count == 1 && values[0] is { } value && BinIdPattern().IsMatch(value))
        {
            binId = value;
            return null;
        }
        return Bad("bin", "bin must be one bin id: 3 to 32 characters of a-z, 0-9 and -");
    }

    /// <summary>Both <c>limit</c> and <c>bin</c>; the first bad one is answered.</summary>
    public static IResult? LimitAndBin(HttpRequest request, int defaultLimit, out int limit, out string? binId)
    {
        binId = null;
        return Limit(request, defaultLimit, out limit) ?? Bin(request, out binId);
    }

    /// <summary>503 when a part the endpoint needs is not registered (yet).</summary>
    public static IResult Unavailable(string what) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "not available",
        Detail = what + " is not available",
    });

    private static IResult Bad(string parameter, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "invalid query parameter",
            Detail = detail,
        };
        problem.Extensions["parameter"] = parameter;
        return Results.Problem(problem);
    }

    // \z, not $: in .NET, $ also matches before a final newline, which would let "abc\n" through.
    [GeneratedRegex(@"^[a-z0-9-]{3,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BinIdPattern();
}
