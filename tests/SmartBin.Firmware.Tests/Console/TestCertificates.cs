using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>Real PEM certificates made on the spot (self-signed CA, and an intermediate it signed).</summary>
    internal static class TestCertificates
    {
        private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset NotAfter = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>A self-signed RSA-2048 CA certificate as PEM (about 1.1 KB).</summary>
        public static string CaPem(string commonName = "SmartBin Test CA")
        {
            using RSA key = RSA.Create(2048);
            using X509Certificate2 ca = CaRequest(commonName, key).CreateSelfSigned(NotBefore, NotAfter);
            return ca.ExportCertificatePem() + "\n";
        }

        /// <summary>A CA and an intermediate it signed, one PEM after the other (about 2.2 KB).</summary>
        public static string ChainPem()
        {
            using RSA rootKey = RSA.Create(2048);
            using RSA intermediateKey = RSA.Create(2048);
            using X509Certificate2 root = CaRequest("SmartBin Test Root", rootKey).CreateSelfSigned(NotBefore, NotAfter);
            using X509Certificate2 intermediate = CaRequest("SmartBin Test Broker CA", intermediateKey).Create(root, NotBefore, NotAfter, new byte[] { 1, 2, 3, 4 });
            return root.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n";
        }

        public static uint Crc(string text) => Crc(Encoding.ASCII.GetBytes(text));

        public static uint Crc(byte[] data) => SmartBin.Firmware.Core.Storage.Crc32.Compute(data, 0, data.Length);

        private static CertificateRequest CaRequest(string commonName, RSA key)
        {
            var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            return request;
        }
    }
}
