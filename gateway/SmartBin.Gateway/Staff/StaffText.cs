using System;
using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// Marker type of the dashboard's text resources (<c>StaffText.resx</c>, English and the fallback;
/// <c>StaffText.zh-CN.resx</c>). Pages get an <see cref="IStringLocalizer{StaffText}"/>; no page text lives in markup.
/// </summary>
public sealed class StaffText
{
    /// <summary>Chinese (the pilot's staff), the default when the browser asks for neither language.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>English.</summary>
    public const string English = "en";

    private StaffText()
    {
    }
}

/// <summary>
/// Culture-aware formatting for the pages and the live JSON: times in the pilot's time zone
/// (<c>Crediting:TimeZoneId</c>, where the bins stand) in the request culture's short pattern, numbers and units
/// through the resource formats (<c>unit.kg</c>, <c>unit.pct</c>…).
/// </summary>
public sealed class StaffFormat(IStringLocalizer<StaffText> text, GatewayOptions options)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Crediting.TimeZoneId);

    /// <summary>The localizer, for text that is not a number.</summary>
    public IStringLocalizer<StaffText> Text => text;

    /// <summary>Date and time in the pilot's zone, the current culture's short pattern.</summary>
    public string Time(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>Grams as kilograms with the culture's separators and unit.</summary>
    public string Kg(long grams) => Format("unit.kg", grams / 1000.0);

    /// <summary>A percentage.</summary>
    public string Pct(double pct) => Format("unit.pct", pct);

    /// <summary>A signal strength.</summary>
    public string Dbm(int dbm) => Format("unit.dbm", dbm);

    /// <summary>An integer with the culture's group separator.</summary>
    public string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>Formats resource <paramref name="key"/> (a composite format) with the current culture.</summary>
    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, text[key].Value, values);
}
