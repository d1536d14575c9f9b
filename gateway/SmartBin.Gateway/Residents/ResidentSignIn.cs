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

/// <summary>How an attempt to choose or change the card's PIN ended.</summary>
public enum PinChangeStatus
{
    /// <summary>Stored; every other session of the card has ended; <see cref="PinChangeResult.Scope"/> is the changer's new session.</summary>
    Saved = 1,

    /// <summary>The new PIN is not allowed (shape, weak): <see cref="PinChangeResult.ProblemKey"/> says why. Nothing changed.</summary>
    Refused = 2,

    /// <summary>The current PIN typed is not the card's PIN. Nothing changed; counted like a wrong PIN at sign-in.</summary>
    WrongCurrentPin = 3,

    /// <summary>The card number is locked (this attempt may have locked it) until <see cref="PinChangeResult.LockedUntilUtc"/>. Nothing changed.</summary>
    Locked = 4,

    /// <summary>Too many failures from this address; retry after <see cref="PinChangeResult.RetryAfterS"/>. Nothing changed.</summary>
    RateLimited = 5,

    /// <summary>The card's PIN was set by another session while this one asked: this session has ended. Nothing changed.</summary>
    SessionEnded = 6,
}

/// <summary>What an attempt to choose or change the PIN came to.</summary>
/// <param name="Status">Outcome.</param>
/// <param name="Scope">The changer's session to re-issue, for <see cref="PinChangeStatus.Saved"/>.</param>
/// <param name="ProblemKey">Resource key of why the new PIN was refused, for <see cref="PinChangeStatus.Refused"/>.</param>
/// <param name="LockedUntilUtc">End of the card's lock, for <see cref="PinChangeStatus.Locked"/>.</param>
/// <param name="RetryAfterS">Seconds to wait, for <see cref="PinChangeStatus.Locked"/> and <see cref="PinChangeStatus.RateLimited"/>.</param>
public sealed record PinChangeResult(PinChangeStatus Status, ResidentScope? Scope, string? ProblemKey, DateTimeOffset? LockedUntilUtc, int RetryAfterS);

/// <summary>A one-time code staff just issued (shown once, never stored in clear).</summary>
/// <param name="Code">The 8 digits.</param>
/// <param name="CardUid">The card it signs in.</param>
/// <param name="ExpiresUtc">When it stops working.</param>
public sealed record IssuedResidentCode(string Code, string CardUid, DateTimeOffset ExpiresUtc);

/// <summary>
/// Resident sign-in with a card number and a 6-digit PIN or an 8-digit one-time code; choosing a PIN; staff issuing
/// codes. Limits first (per remote address, then per card number), then the secret against its PBKDF2 hash; an
/// unknown card, a card without PIN and a wrong PIN cost the same hash work and read the same. Changing a PIN asks for
/// the current one, which goes through the same limits (a session must not be a way round them). Failures are counted
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

    /// <summary>
    /// Stores <paramref name="pin"/> as the card's PIN for the session <paramref name="scope"/>, from
    /// <paramref name="address"/>. A full session (PIN already set) must type the card's <paramref name="currentPin"/>:
    /// checked after the address and card limits, and a wrong one counts against both as a wrong PIN at sign-in does.
    /// A session after a one-time code has no PIN to type (the code was the proof). On success the card's PIN
    /// generation moves on, which ends every other session of the card; the result carries the changer's new scope.
    /// </summary>
    public PinChangeResult ChoosePin(ResidentScope scope, string address, string? currentPin, string? pin)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.PinSet && CheckCurrentPin(scope.CardUid, address, currentPin) is { } refused)
        {
            return refused;
        }
        if (ResidentSecrets.PinProblem(pin) is { } problem)
        {
            metrics.Increment("smartbin_resident_pin_refused_total", "PINs refused when chosen, by reason (shape, weak).", 1, ("reason", problem[(problem.LastIndexOf('.') + 1)..]));
            return new PinChangeResult(PinChangeStatus.Refused, null, problem, null, 0);
        }
        var hash = StaffPasswords.Hash(pin!, options.PinIterations);
        if (ResidentRows.SetPin(store, scope.CardUid, hash, time.GetUtcNow(), scope.PinGeneration) is not { } generation)
        {
            return new PinChangeResult(PinChangeStatus.SessionEnded, null, null, null, 0);
        }
        metrics.Increment("smartbin_resident_pins_set_total", "PINs chosen or changed by residents.", 1);
        return new PinChangeResult(PinChangeStatus.Saved, scope with { PinSet = true, PinGeneration = generation }, null, null, 0);
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

    /// <summary>
    /// Still a usable session: the card is active, still in the household the cookie names, and its PIN has not been
    /// set since the session began (same PIN generation).
    /// </summary>
    public bool StillValid(ResidentScope scope) =>
        ResidentRows.FindCard(store, scope.CardUid) is { Active: true } card && card.HouseholdId == scope.HouseholdId &&
        card.PinGeneration == scope.PinGeneration;

    // The limits of a sign-in, in the same order, for the current PIN typed on the change form; null when it is right.
    private PinChangeResult? CheckCurrentPin(string cardUid, string address, string? currentPin)
    {
        var now = time.GetUtcNow();
        if (perAddress.IsBlocked(address, out var waitS))
        {
            FailReason("rate-limited");
            return new PinChangeResult(PinChangeStatus.RateLimited, null, null, null, waitS);
        }
        if (perCard.LockedUntil(cardUid) is { } lockedUntil)
        {
            FailReason("locked");
            return LockedChange(lockedUntil, now);
        }
        var hash = ResidentRows.FindCard(store, cardUid)?.PinHash;
        if (ResidentSecrets.IsDigits(currentPin, ResidentSecrets.PinDigits) && StaffPasswords.Verify(currentPin!, hash ?? decoyHash) && hash is not null)
        {
            perCard.RecordSuccess(cardUid);
            return null;
        }
        perAddress.RecordFailure(address);
        var lockedNow = perCard.RecordFailure(cardUid);
        FailReason("wrong-current-pin");
        return lockedNow is { } until ? LockedChange(until, now) : new PinChangeResult(PinChangeStatus.WrongCurrentPin, null, null, null, 0);
    }

    private static PinChangeResult LockedChange(DateTimeOffset until, DateTimeOffset now) =>
        new(PinChangeStatus.Locked, null, null, until, RetryAfter(until, now));

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
            new ResidentScope(card.CardUid, card.HouseholdId, pinSet, card.PinGeneration), null, 0);
    }

    private static ResidentSignInResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        new(ResidentSignInStatus.Locked, null, until, RetryAfter(until, now));

    private static int RetryAfter(DateTimeOffset until, DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));

    private ResidentSignInResult Fail(string reason, ResidentSignInResult result)
    {
        FailReason(reason);
        return result;
    }

    private void FailReason(string reason) =>
        metrics.Increment("smartbin_resident_signin_failed_total",
            "Failed resident sign-ins and PIN changes, by reason (unknown-card, no-pin, wrong-pin, wrong-code, expired-code, used-code, " +
            "malformed, locked, rate-limited, wrong-current-pin).",
            1, ("reason", reason));
}
