using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Where a waiver stands on a day — the one answer the waiver lists, badges, needs-attention and the control standing
/// give: in force only while approved and on or before its expiry day (<see cref="WaiverFact.IsValidOn"/>); an approved
/// waiver past that day is expired, and says so in red.
/// </summary>
/// <param name="DaysToExpiry">0 = expires today; negative = expired that many days ago.</param>
/// <param name="Word">The badge word: requested, approved, approved, expiring, expired, rejected or revoked.</param>
public sealed record WaiverStanding(WaiverState State, DateOnly ExpiresOn, int DaysToExpiry, bool InForce, bool Expiring, bool Expired, string Word)
{
    /// <summary>The badge class for the pages: red for expired, amber for expiring, else the state's.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Css => Word switch
    {
        "expired" => "expired",
        "approved, expiring" => "expiring",
        _ => Word,
    };

    /// <summary>An approved waiver that ends within this many days is expiring.</summary>
    public const int ExpiringWithinDays = 30;

    public static WaiverStanding Of(WaiverState state, DateOnly expiresOn, DateOnly today)
    {
        var days = expiresOn.DayNumber - today.DayNumber;
        var fact = new WaiverFact("", "", state, expiresOn);
        var inForce = fact.IsValidOn(today);
        var expiring = inForce && days <= ExpiringWithinDays;
        var word = state switch
        {
            WaiverState.Approved when fact.HasExpiredOn(today) => "expired",
            WaiverState.Approved when expiring => "approved, expiring",
            WaiverState.Approved => "approved",
            WaiverState.Requested => "requested",
            WaiverState.Rejected => "rejected",
            _ => "revoked",
        };
        return new WaiverStanding(state, expiresOn, days, inForce, expiring, days < 0, word);
    }
}
