using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Mqtt;

/// <summary>The MQTT side's metric names and help texts, so both modes count the same things the same way.</summary>
internal static class MqttMetrics
{
    public const string ConnectRefused = "smartbin_mqtt_connect_refused_total";
    public const string AclDenied = "smartbin_mqtt_acl_denied_total";
    public const string Received = "smartbin_mqtt_received_total";
    public const string ClientsConnected = "smartbin_mqtt_clients_connected";
    public const string Connected = "smartbin_mqtt_connected";
    public const string Reconnects = "smartbin_mqtt_reconnects_total";
    public const string MalformedTopic = "smartbin_mqtt_malformed_topic_total";
    public const string PublishDropped = "smartbin_mqtt_publish_dropped_total";
    public const string OversizedPacket = "smartbin_mqtt_oversized_packets_total";

    public static void CountRefused(this GatewayMetrics m, string reason) =>
        m.Increment(ConnectRefused, "MQTT connections refused by the embedded broker, by reason.", 1, ("reason", reason));

    public static void CountAclDenied(this GatewayMetrics m, string action) =>
        m.Increment(AclDenied, "Publishes or subscriptions refused by the embedded broker's access rules.", 1, ("action", action));

    public static void CountOversizedPacket(this GatewayMetrics m) =>
        m.Increment(OversizedPacket, "Connections the embedded broker closed because a packet declared more than MaxPacketBytes.");

    public static void CountReceived(this GatewayMetrics m, string leaf) =>
        m.Increment(Received, "Bin messages handed to ingest, by topic leaf.", 1, ("leaf", leaf));

    public static void SetClientsConnected(this GatewayMetrics m, double count) =>
        m.Set(ClientsConnected, "Clients connected to the embedded broker (bins and monitors).", count);

    public static void SetConnected(this GatewayMetrics m, bool connected) =>
        m.Set(Connected, "1 while the gateway is connected to the external broker.", connected ? 1 : 0);

    public static void CountReconnect(this GatewayMetrics m) =>
        m.Increment(Reconnects, "Connection attempts to the external broker after the first.");

    public static void CountMalformedTopic(this GatewayMetrics m) =>
        m.Increment(MalformedTopic, "Messages from the external broker on a topic that names no valid bin and leaf (acknowledged and dropped).");

    public static void CountPublishDropped(this GatewayMetrics m, string reason) =>
        m.Increment(PublishDropped, "Messages to bins that could not be sent (the bin's resend recovers them).", 1, ("reason", reason));
}
