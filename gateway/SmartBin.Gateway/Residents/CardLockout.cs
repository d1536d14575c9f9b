using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// Wrong PINs or codes per card number: after <c>failuresMax</c> in a row the number is locked until a fixed time
/// (the page says when), right PIN included, so guessing a 6-digit PIN gets nowhere. A success clears the count;
/// failures older than the lock length are forgotten. Numbers that are no card are counted alike, so a lock says
/// nothing about whether a card exists. Bounded: past <see cref="CardsMax"/> entries the stale ones are dropped, then
/// counts without a lock; a lock in force is never dropped.
/// </summary>
public sealed class CardLockout(int failuresMax, TimeSpan lockLength, TimeProvider time)
{
    /// <summary>Most card numbers tracked at once.</summary>
    public const int CardsMax = 50_000;

    private readonly Dictionary<string, (int Failures, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil)> table = new(StringComparer.Ordinal);
    private readonly object gate = new();

    /// <summary>When <paramref name="card"/> is locked now, the end of the lock; else null.</summary>
    public DateTimeOffset? LockedUntil(string card)
    {
        lock (gate)
        {
            return table.TryGetValue(card, out var entry) && entry.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;
        }
    }

    /// <summary>Counts a failure; returns the end of the lock when this failure locked the card, else null.</summary>
    public DateTimeOffset? RecordFailure(string card)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (table.Count >= CardsMax && !table.ContainsKey(card))
            {
                Prune(now);
            }
            var known = table.TryGetValue(card, out var entry);
            if (known && entry.LockedUntil is { } locked && locked > now)
            {
                // A guess that passed the lock check before this lock was set (the PIN hash takes a while) ends up
                // here: it must not restart the count, or concurrent guesses would clear the lock they caused.
                table[card] = (0, now, locked);
                return null;
            }
            var failures = known && entry.LastFailure + lockLength > now && entry.LockedUntil is null ? entry.Failures + 1 : 1;
            DateTimeOffset? until = failures >= failuresMax ? now + lockLength : null;
            table[card] = (until is null ? failures : 0, now, until);
            return until;
        }
    }

    /// <summary>Forgets the card's failures (after a right PIN or code).</summary>
    public void RecordSuccess(string card)
    {
        lock (gate)
        {
            table.Remove(card);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var stale in table.Where(e => e.Value.LastFailure + lockLength <= now && (e.Value.LockedUntil ?? now) <= now).Select(e => e.Key).ToList())
        {
            table.Remove(stale);
        }
        if (table.Count >= CardsMax)
        {
            // Still full of recent failures (many addresses guessing): drop the counts, never a lock in force.
            foreach (var unlocked in table.Where(e => (e.Value.LockedUntil ?? now) <= now).Select(e => e.Key).ToList())
            {
                table.Remove(unlocked);
            }
        }
    }
}
