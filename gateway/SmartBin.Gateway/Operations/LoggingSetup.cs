using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace SmartBin.Gateway.Operations;

/// <summary>
/// Log output on stdout: one line per entry with a UTC timestamp and category by default; JSON lines with
/// <c>Logging:Console:FormatterName=json</c> (for log shippers).
/// </summary>
public static class LoggingSetup
{
    /// <summary>Adds the console logger with the formatter named in configuration (simple unless set).</summary>
    public static ILoggingBuilder AddSimpleConsoleLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var formatter = configuration["Logging:Console:FormatterName"];
        logging.ClearProviders();
        logging.AddConsole();
        logging.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        logging.Services.PostConfigure<ConsoleLoggerOptions>(o =>
            o.FormatterName = string.IsNullOrEmpty(formatter) ? ConsoleFormatterNames.Simple : formatter);
        return logging;
    }
}
