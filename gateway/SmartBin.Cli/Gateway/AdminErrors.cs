using System;

namespace SmartBin.Cli.Gateway
{
    /// <summary>What the admin API's failures mean to the operator (exit codes and fixes).</summary>
    internal static class AdminErrors
    {
        public static CliException Unreachable(Uri gateway, string why, Exception? inner = null) => new(ExitCodes.GatewayUnreachable,
            $"gateway unreachable at {gateway} ({why})",
            $"check --gateway (or SMARTBIN_GATEWAY) and that the gateway runs and this machine can reach it: `curl {new Uri(gateway, "health/live")}`", inner);

        public static CliException NotTheApi(Uri gateway, string what) => new(ExitCodes.GatewayUnreachable,
            $"{gateway} does not behave like a SmartBin gateway: {what}",
            "check --gateway: it is the gateway's web address (http://HOST:5080), not the MQTT broker's");

        /// <summary>Maps a refusal; <paramref name="problem"/> is the problem+json body when there was one.</summary>
        public static CliException ForStatus(Uri gateway, string call, int status, Problem? problem)
        {
            string code = problem?.Code ?? string.Empty;
            string detail = problem?.Detail ?? problem?.Title ?? "no detail given";
            return status switch
            {
                401 => new CliException(ExitCodes.Auth, $"the gateway refused the admin API key ({(code.Length > 0 ? code : "401")}: {detail})",
                    "check --api-key (or SMARTBIN_API_KEY): it looks like sbk_<12 hex>_<43 chars>; an admin creates one on the gateway host with " +
                    "`SmartBin.Gateway operator add --name NAME --role admin` (printed once) and `operator list` shows which exist"),
                403 => new CliException(ExitCodes.Auth, $"this API key may not do {call} ({(code.Length > 0 ? code : "403")}: {detail})",
                    "staff keys may only look up bins and register, show and deactivate cards: ask an admin, or use an admin key"),
                404 when problem is null => NotTheApi(gateway, $"{call} answered 404"),
                429 => new CliException(ExitCodes.Other, $"the gateway is rate-limiting this key ({detail})", "wait a minute and run the command again"),
                >= 500 => new CliException(ExitCodes.GatewayUnreachable, $"the gateway failed on {call}: {status} {detail}",
                    "look at the gateway's log; run the command again once it is healthy (`curl " + new Uri(gateway, "health/ready") + "`)"),
                _ => new CliException(ExitCodes.Other, $"the gateway refused {call}: {status} {(code.Length > 0 ? code + ": " : string.Empty)}{detail}",
                    FixFor(code)),
            };
        }

        private static string FixFor(string code) => code switch
        {
            "bin-conflict" => "the bin id is registered for another community or material: pick another --bin-id, or pass the registered --community/--material",
            "bin-unknown" => "check the bin id (`smartbin bins list`); a bin is registered by `smartbin provision`",
            "household-unknown" => "check the household id on the resident's registration form (`smartbin cards register` needs an existing household)",
            "card-taken" => "the card belongs to another household: take the card back, or, if it was lost, stolen or changed hands, deactivate it first " +
                "(`smartbin cards deactivate <card-uid> --reason lost`) and register it again",
            "card-unknown" => "check the UID as the reader shows it (8, 14 or 20 hex digits); a card that was never registered needs no deactivation: " +
                "its drop-offs already wait in suspense until it is registered",
            "record-conflict" => "a different provisioning record was stored under this record id: delete the local state file named above and run provision again",
            "bad-request" => "correct the named field and run the command again",
            _ => "read the detail above; run the command again once it is corrected",
        };
    }
}
