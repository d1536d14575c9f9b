using System;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents;

/// <summary>How a resident sign-in attempt ended.</summary>
public enum ResidentSignInStatus
{
    /// <summary>Right PIN: a full session.</summary>
    SignedIn = 1,

    /// <summary>Right one-time code (now used up): a session that must choose a PIN first.</summary>
    CodeAccepted = 2,

    /// <summary>Wrong card number, PIN or code, or an expired code: one message for all, so nothing is learnt.</summary>
    Refused = 3,

    /// <summary>The card number is locked after too many failures, until <see cref="ResidentSignInResult.LockedUntilUtc"/>.</summary>
    Locked = 4,

    /// <summary>Too many failures from this address; retry after <see cref="ResidentSignInResult.RetryAfterS"/>.</summary>
    RateLimited = 5,
}

/// <summary>What a sign-in attempt came to.</summary>
/// <param name="Status">Outcome.</param>
/// <param name="Scope">The session to start, for <see cref="ResidentSignInStatus.SignedIn"/> and <see cref="ResidentSignInStatus.CodeAccepted"/>.</param>
/// <param name="LockedUntilUtc">End of the card's lock, for <see cref="ResidentSignInStatus.Locked"/>.</param>
/// <param name="RetryAfterS">Seconds to wait, for <see cref="ResidentSignInStatus.Locked"/> and <see cref="ResidentSignInStatus.RateLimited"/>.</param>
public sealed record ResidentSignInResult(ResidentSignInStatus Status, ResidentScope? Scope, DateTimeOffset? LockedUntilUtc, int RetryAfterS);

/// <summary>A one-time code staff just issued (shown once, never stored in clear).</summary>
/// <param name="Code">The 8 digits.</param>
/// <param name="CardUid">The card it signs in.</param>
/// <param name="ExpiresUtc">When it stops working.</param>
public sealed record IssuedResidentCode(string Code, string CardUid, DateTimeOffset ExpiresUtc);

/// <summary>
/// Resident sign-in with a card number and a 6-digit PIN or an 8-digit one-time code; choosing a PIN; staff issuing
/// codes. Limits first (per remote address, then per card number), then the secret against its PBKDF2 hash; an
/// unknown card, a card without PIN and a wrong PIN cost the same hash work and read the same. Failures are counted
/// in <c>smartbin_resident_signin_failed_total{reason}</c>.
/// </summary>
public sealed class ResidentSignIn
{
    private readonly SqliteGatewayStore store;
    private readonly GatewayMetrics metrics;
    private readonly TimeProvider time;
    private readonly ResidentOptions options;
    private readonly FailedAuthLimiter perAddress;
    private readonly CardLockout perCard;
    private readonly string decoyHash;

    /// <summary>Creates the checker with the limits of <paramref name="options"/>.</summary>
    public ResidentSignIn(SqliteGatewayStore store, GatewayMetrics metrics, GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.metrics = metrics;
        this.time = time;
        this.options = options.Residents;
        perAddress = new FailedAuthLimiter(this.options.FailuresPerAddress, TimeSpan.FromSeconds(this.options.AddressWindowS), time);
        perCard = new CardLockout(this.options.FailuresPerCard, TimeSpan.FromMinutes(this.options.LockoutMinutes), time);
        decoyHash = StaffPasswords.Hash("decoy-" + Guid.NewGuid().ToString("N"), this.options.PinIterations);
    }

    /// <summary>Checks one attempt from <paramref name="address"/>.</summary>
    public ResidentSignInResult Check(string address, string? cardNumber, string? secret)
    {
        var now = time.GetUtcNow();
        if (perAddress.IsBlocked(address, out var waitS))
        {
            return Fail("rate-limited", new ResidentSignInResult(ResidentSignInStatus.RateLimited, null, null, waitS));
        }
        var card = ResidentSecrets.NormalizeCard(cardNumber);
        if (card is not null && perCard.LockedUntil(card) is { } lockedUntil)
        {
            return Fail("locked", Locked(lockedUntil, now));
        }
        var row = card is null ? null : ResidentRows.FindCard(store, card);
        var usable = row is { Active: true } ? row : null;
        string reason;
        if (ResidentSecrets.IsDigits(secret, ResidentSecrets.PinDigits))
        {
            var matches = StaffPasswords.Verify(secret!, usable?.PinHash ?? decoyHash);
            if (matches && usable?.PinHash is not null)
            {
                return Succeed(usable, pinSet: true, "pin");
            }
            reason = usable is null ? "unknown-card" : usable.PinHash is null ? "no-pin" : "wrong-pin";
        }
        else if (ResidentSecrets.IsDigits(secret, ResidentSecrets.CodeDigits))
        {
            reason = CheckCode(usable, secret!, now, out var accepted);
            if (accepted)
            {
                return Succeed(usable!, pinSet: false, "code");
            }
        }
        else
        {
            reason = "malformed";
        }
        perAddress.RecordFailure(address);
        var lockedNow = card is null ? null : perCard.RecordFailure(card);
        return Fail(reason, lockedNow is { } until ? Locked(until, now) : new ResidentSignInResult(ResidentSignInStatus.Refused, null, null, 0));
    }

    /// <summary>Null when <paramref name="pin"/> was stored as the card's PIN, else the resource key of why not.</summary>
    public string? ChoosePin(ResidentScope scope, string? pin)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (ResidentSecrets.PinProblem(pin) is { } problem)
        {
            metrics.Increment("smartbin_resident_pin_refused_total", "PINs refused when chosen, by reason (shape, weak).", 1, ("reason", problem[(problem.LastIndexOf('.') + 1)..]));
            return problem;
        }
        ResidentRows.SetPin(store, scope.CardUid, StaffPasswords.Hash(pin!, options.PinIterations), time.GetUtcNow());
        metrics.Increment("smartbin_resident_pins_set_total", "PINs chosen or changed by residents.", 1);
        return null;
    }

    /// <summary>
    /// Issues a one-time code for the card typed by staff member <paramref name="staff"/>; null (nothing issued) for a
    /// number that is no active card of a community the staff member sees. Ends the card's earlier open code.
    /// </summary>
    public IssuedResidentCode? IssueCode(StaffScope staff, string? cardNumber)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var card = ResidentSecrets.NormalizeCard(cardNumber);
        var row = card is null ? null : ResidentRows.FindCard(store, card);
        if (row is not { Active: true } || !staff.Sees(row.CommunityId))
        {
            return null;
        }
        var code = ResidentSecrets.NewCode();
        var now = time.GetUtcNow();
        var expires = now.AddHours(options.CodeValidHours);
        ResidentRows.IssueCode(store, row.CardUid, StaffPasswords.Hash(code, options.PinIterations), staff.Username, now, expires);
        metrics.Increment("smartbin_resident_codes_issued_total", "One-time resident sign-in codes issued by staff.", 1);
        return new IssuedResidentCode(code, row.CardUid, expires);
    }

    /// <summary>Still a usable session: the card is active and still in the household the cookie names.</summary>
    public bool StillValid(ResidentScope scope) =>
        ResidentRows.FindCard(store, scope.CardUid) is { Active: true } card && card.HouseholdId == scope.HouseholdId;

    private string CheckCode(ResidentCard? card, string code, DateTimeOffset now, out bool accepted)
    {
        accepted = false;
        var open = card is null ? [] : ResidentRows.OpenCodes(store, card.CardUid);
        if (open.Count == 0)
        {
            StaffPasswords.Verify(code, decoyHash); // same work as a real check
            return card is null ? "unknown-card" : "wrong-code";
        }
        foreach (var (id, hash, expiresUtc) in open)
        {
            if (!StaffPasswords.Verify(code, hash))
            {
                continue;
            }
            if (expiresUtc <= now)
            {
                return "expired-code";
            }
            accepted = ResidentRows.UseCode(store, id, now);
            return accepted ? "" : "used-code";
        }
        return "wrong-code";
    }

    private ResidentSignInResult Succeed(ResidentCard card, bool pinSet, string method)
    {
        perCard.RecordSuccess(card.CardUid);
        metrics.Increment("smartbin_resident_signins_total", "Resident sign-ins, by method (pin, code).", 1, ("method", method));
        return new ResidentSignInResult(pinSet ? ResidentSignInStatus.SignedIn : ResidentSignInStatus.CodeAccepted,
            new ResidentScope(card.CardUid, card.HouseholdId, pinSet), null, 0);
    }

    private static ResidentSignInResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        new(ResidentSignInStatus.Locked, null, until, Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds)));

    private ResidentSignInResult Fail(string reason, ResidentSignInResult result)
    {
        metrics.Increment("smartbin_resident_signin_failed_total",
            "Failed resident sign-ins, by reason (unknown-card, no-pin, wrong-pin, wrong-code, expired-code, used-code, malformed, locked, rate-limited).",
            1, ("reason", reason));
        return result;
    }
}
