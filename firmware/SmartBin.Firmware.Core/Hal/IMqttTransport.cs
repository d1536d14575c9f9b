namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>
    /// The MQTT connection (M2Mqtt on the device, MQTTnet in the simulator). The transport owns connecting,
    /// the will (retained <c>offline</c> status) and reconnecting; the controller only publishes and
    /// receives. Nothing is queued in RAM by the controller: the flash outbox is the queue.
    /// </summary>
    public interface IMqttTransport
    {
        /// <summary>True while the session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Hands a message to the transport. Returns false when it could not be sent now (offline, busy);
        /// the caller tries again later.
        /// </summary>
        bool Publish(string topic, byte[] payload, int length, int qos, bool retain);
    }
}
