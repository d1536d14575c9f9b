using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Admin;

/// <summary>Secret issue, disable and enable: each takes effect at the brokers before the answer.</summary>
public static partial class AdminEndpoints
{
    private static async Task<IResult> IssueSecretAsync(string binId, HttpContext context, SqliteGatewayStore store, BinRevocation revocation, GatewayOptions options)
    {
        if (BadBinId(binId) is { } bad)
        {
            return bad;
        }
        if (store.FindAdminBin(binId) is null)
        {
            return BinUnknown(binId);
        }
        var secret = BinSecretHasher.NewSecret();
        // PBKDF2 runs before the store's write lock is taken, so ingest never waits for it.
        var hash = BinSecretHasher.Hash(secret);
        if (!store.SetIssuedBinSecret(binId, hash))
        {
            return BinUnknown(binId);
        }
        if (await revocation.ApplyAsync(binId, closeConnections: true, context.RequestAborted) is { } problem)
        {
            return problem;
        }
        return Results.Json(new SecretView(binId, secret, BrokerFor(context, options)));
    }

    private static async Task<IResult> DisableAsync(string binId, HttpContext context, SqliteGatewayStore store, BinRevocation revocation)
    {
        if (BadBinId(binId) is { } bad)
        {
            return bad;
        }
        var (body, problem) = await AdminJson.ReadObjectAsync(context, optional: true);
        if (body is not { } json)
        {
            return problem!;
        }
        var reason = AdminJson.Text(json, "reason", required: false, ref problem);
        if (problem is not null)
        {
            return problem;
        }
        return await SetActiveAsync(binId, active: false, reason ?? "", context, store, revocation);
    }

    private static Task<IResult> EnableAsync(string binId, HttpContext context, SqliteGatewayStore store, BinRevocation revocation) =>
        BadBinId(binId) is { } bad ? Task.FromResult(bad) : SetActiveAsync(binId, active: true, "", context, store, revocation);

    private static async Task<IResult> SetActiveAsync(string binId, bool active, string reason, HttpContext context, SqliteGatewayStore store, BinRevocation revocation)
    {
        if (store.SetBinActive(binId, active, reason) is not { } bin)
        {
            return BinUnknown(binId);
        }
        if (await revocation.ApplyAsync(binId, closeConnections: !active, context.RequestAborted) is { } problem)
        {
            return problem;
        }
        return Results.Json(FullView(context, store, bin));
    }

    /// <summary>Where the bin should connect: configured, else the host the operator reached the gateway by and the broker's port.</summary>
    private static MqttView BrokerFor(HttpContext context, GatewayOptions options)
    {
        var admin = options.Admin;
        var host = admin.BrokerHost.Length > 0 ? admin.BrokerHost : context.Request.Host.Host;
        bool tls;
        int port;
        if (options.Mqtt.Mode == MqttMode.External)
        {
            tls = options.Mqtt.External.UseTls;
            port = options.Mqtt.External.Port;
        }
        else
        {
            var embedded = options.Mqtt.Embedded;
            var broker = context.RequestServices.GetService<EmbeddedBroker>();
            tls = embedded.CertificatePath.Length > 0;
            // The running broker's ports (the options may say 0 = any free port in tests).
            port = tls
                ? broker is { TlsPort: > 0 } ? broker.TlsPort : embedded.TlsPort
                : broker is { PlainPort: > 0 } ? broker.PlainPort : embedded.Port;
        }
        if (admin.BrokerPort > 0)
        {
            port = admin.BrokerPort;
        }
        var ca = admin.BrokerCaFile.Length > 0 ? File.ReadAllText(admin.BrokerCaFile) : null;
        return new MqttView(host, port, tls, ca);
    }
}
