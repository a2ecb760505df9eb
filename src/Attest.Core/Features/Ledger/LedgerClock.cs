namespace Attest.Core.Features.Ledger;

/// <summary>
/// The clock for everything the ledger stores and signs: UTC truncated to whole milliseconds, the
/// precision every provider's timestamp column keeps, so a stored checkpoint read back still
/// formats to the exact bytes that were signed.
/// </summary>
public sealed class LedgerClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
