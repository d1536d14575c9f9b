using System;
using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// Marker type of the portal's text resources (<c>ResidentText.resx</c>, English and the fallback;
/// <c>ResidentText.zh-CN.resx</c>). Pages get an <see cref="IStringLocalizer{ResidentText}"/>; no page text lives in markup.
/// </summary>
public sealed class ResidentText
{
    /// <summary>Chinese, the default when the browser asks for neither language.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>English.</summary>
    public const string English = "en";

    private ResidentText()
    {
    }
}

/// <summary>
/// Culture-aware formatting for the portal: times in the pilot's time zone (<c>Crediting:TimeZoneId</c>) in the
/// culture's short pattern, points with group separators, their CNY value (1 point = 0.01 CNY, Crediting/README.md),
/// weights and carbon points (1 carbon point = 1 g CO2e avoided) through the resource formats.
/// </summary>
public sealed class ResidentFormat(IStringLocalizer<ResidentText> text, GatewayOptions options)
{
    /// <summary>Points per yuan (1 point = 0.01 CNY).</summary>
    public const int PointsPerYuan = 100;

    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Crediting.TimeZoneId);

    /// <summary>The localizer, for text that is not a number.</summary>
    public IStringLocalizer<ResidentText> Text => text;

    /// <summary>Date and time in the pilot's zone, the current culture's short pattern.</summary>
    public string Time(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>An integer with the culture's group separator.</summary>
    public string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>Points with their unit.</summary>
    public string Points(long points) => Format("unit.points", points);

    /// <summary>The CNY value of <paramref name="points"/>.</summary>
    public string Yuan(long points) => Format("unit.yuan", points / (decimal)PointsPerYuan);

    /// <summary>A weight: grams under a kilogram, else kilograms.</summary>
    public string Weight(long grams) => grams < 1000 ? Format("unit.g", grams) : Format("unit.kg", grams / 1000.0);

    /// <summary>Carbon points (g CO2e) with their unit.</summary>
    public string Carbon(long gramsCo2e) => Format("unit.carbon", gramsCo2e);

    /// <summary>Formats resource <paramref name="key"/> (a composite format) with the current culture.</summary>
    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, text[key].Value, values);

    /// <summary>The resource <paramref name="prefix"/>.<paramref name="code"/>, or the code itself when there is no such text.</summary>
    public string Code(string prefix, string code)
    {
        var found = text[prefix + "." + code];
        return found.ResourceNotFound ? code : found.Value;
    }
}
