using System;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace SmartBin.Gateway.Mqtt;

/// <summary>Forwards MQTTnet's own warnings and errors (a failing handler, a broken listener) to the host's log.</summary>
internal sealed class MqttNetLogBridge(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Error => LogLevel.Error,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None || !logger.IsEnabled(level))
        {
            return;
        }
        var text = parameters is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters) : message;
#pragma warning disable CA2254 // MQTTnet hands us pre-formatted text, not a template.
        logger.Log(level, exception, "MQTTnet {Source}: " + text.Replace("{", "{{").Replace("}", "}}"), source);
#pragma warning restore CA2254
    }
}
