using System.Collections.Generic;

namespace SmartBin.Gateway.Mqtt;

/// <summary>A registered bin's broker credential: its id and the <see cref="BinSecretHasher"/> hash of its secret.</summary>
/// <param name="BinId">Bin id (MQTT client id and user name).</param>
/// <param name="SecretHash">mosquitto <c>$7$</c> hash.</param>
public sealed record BinCredential(string BinId, string SecretHash);

/// <summary>Where the MQTT side looks up bin credentials (implemented by the registry store).</summary>
public interface IBinCredentials
{
    /// <summary>The active credential of <paramref name="binId"/>, or null when the bin is unknown or disabled.</summary>
    BinCredential? Find(string binId);

    /// <summary>Every active bin credential (for writing a mosquitto password and ACL file).</summary>
    IReadOnlyList<BinCredential> All();
}
