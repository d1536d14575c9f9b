using Microsoft.Extensions.Logging;

namespace SmartBin.Gateway.Operations;

/// <summary>Log output: one line per entry with UTC timestamp and category; JSON when <c>Logging:Console:FormatterName=json</c>.</summary>
public static class LoggingSetup
{
    /// <summary>Adds the console logger with the gateway's single-line format.</summary>
    public static ILoggingBuilder AddSimpleConsoleLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        return logging;
    }
}
