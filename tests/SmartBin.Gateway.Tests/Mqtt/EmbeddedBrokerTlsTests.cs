using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;
using static SmartBin.Gateway.Tests.Mqtt.BrokerHarness;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The TLS listener with a PKCS#12 certificate made at test time.</summary>
public sealed class EmbeddedBrokerTlsTests : IDisposable
{
    private const string PfxPassword = "pfx-password";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("smartbin-tls-");
    private readonly X509Certificate2 certificate;
    private readonly string pfxPath;

    public EmbeddedBrokerTlsTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        pfxPath = Path.Combine(folder.FullName, "broker.pfx");
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pfx, PfxPassword));
    }

    [Fact]
    public async Task A_bin_connects_over_tls_trusting_the_brokers_certificate_and_its_publish_arrives()
    {
        await using var h = await BrokerHarness.StartAsync(o =>
        {
            o.PlainEnabled = false;
            o.TlsPort = 0;
            o.CertificatePath = pfxPath;
            o.CertificatePassword = PfxPassword;
        });
        Assert.Equal(0, h.Broker.PlainPort);
        Assert.True(h.Broker.TlsPort > 0);

        var presented = "";
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", h.Broker.TlsPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(BinA)
            .WithCredentials(BinA, SecretA)
            .WithTlsOptions(t => t.UseTls().WithTargetHost("localhost").WithCertificateValidationHandler(v =>
            {
                // Trust exactly the test's certificate (pinning), as a bin with the gateway's certificate would.
                presented = v.Certificate.GetCertHashString();
                return string.Equals(presented, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase);
            }))
            .Build();
        var (client, result) = await h.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal(certificate.Thumbprint, presented, ignoreCase: true);

        await client.PublishAsync(Message(Topic(BinA, "dropoff"), "{\"v\":1}"));
        var m = await h.Sink.WaitForAsync(x => x.Leaf == "dropoff");
        Assert.Equal(BinA, m.BinId);
    }

    public void Dispose()
    {
        certificate.Dispose();
        folder.Delete(recursive: true);
    }
}
