using System;
using System.Diagnostics.CodeAnalysis;

namespace SmartBin.Gateway.Protocol;

/// <summary>The outcome of parsing one payload: the message, or a rejection with a reason code and a detail.</summary>
/// <typeparam name="T">Message record type.</typeparam>
public readonly record struct ParseResult<T>
    where T : class
{
    private ParseResult(T? message, string reason, string detail, long seq)
    {
        Message = message;
        Reason = reason;
        Detail = detail;
        Seq = seq;
    }

    /// <summary>The validated message; null when rejected.</summary>
    public T? Message { get; }

    /// <summary>A <see cref="RejectionReasons"/> code; empty when accepted.</summary>
    public string Reason { get; }

    /// <summary>Human detail naming the field and what was wrong; empty when accepted.</summary>
    public string Detail { get; }

    /// <summary>
    /// The message's <c>seq</c> when one could be read (also from a rejected payload), else 0. A readable seq is a
    /// top-level integer 1…2^53−1 appearing once, so the bin can be answered <c>rejected</c> for it.
    /// </summary>
    public long Seq { get; }

    /// <summary>True when <see cref="Message"/> holds the validated message.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    public bool IsAccepted => Message is not null;

    /// <summary>An accepted message.</summary>
    public static ParseResult<T> Accepted(T message, long seq) => new(message ?? throw new ArgumentNullException(nameof(message)), "", "", seq);

    /// <summary>A rejection.</summary>
    public static ParseResult<T> Rejected(string reason, string detail, long seq)
    {
        if (string.IsNullOrEmpty(reason))
        {
            throw new ArgumentException("a rejection needs a reason code", nameof(reason));
        }
        return new(null, reason, detail, seq);
    }
}
