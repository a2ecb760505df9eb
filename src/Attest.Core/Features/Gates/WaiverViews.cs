using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// A waiver as lists show it: with its system, model version label, control title and the days to its expiry day
/// (<c>days_to_expiry</c> 0 = expires today; negative = expired that many days ago) and its standing today
/// (<see cref="WaiverStanding"/>: an approved waiver past its expiry day is "expired").
/// </summary>
public sealed record WaiverView(
    string Id, string SystemId, string SystemSlug, string SystemName, string? ModelVersion, string Control, string? ControlTitle,
    string Justification, string CompensatingControls, string RiskOwner, DateOnly ExpiresOn, int DaysToExpiry, bool Expired,
    WaiverState State, string RequestedBy, DateTimeOffset RequestedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt,
    string? RejectedBy, DateTimeOffset? RejectedAt, string? RejectionReason, int Version, WaiverStanding Standing);

/// <summary>Filters of the waiver list; null = any.</summary>
public sealed record WaiverQuery(string? System = null, WaiverState? State = null);

public sealed record WaiverControlOption(string ControlId, string Title);

/// <summary>
/// What a waiver request for a system may name: its required controls, its model versions, and the latest expiry day
/// its tier allows (data/reviews/policy.yaml <c>waiver_max_days</c>). No tier and no controls before it is classified.
/// </summary>
public sealed record WaiverOptionsView(
    string SystemId, string SystemSlug, string SystemName, RiskTier? Tier, int? WaiverMaxDays, DateOnly Today, DateOnly? LatestExpiry,
    IReadOnlyList<WaiverControlOption> Controls, IReadOnlyList<string> ModelVersions);
