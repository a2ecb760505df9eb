using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Gates;

/// <summary>Rejecting and listing waivers on real SQLite with a fake clock (starts Sunday 2026-03-01 09:00 UTC); resume screening is high tier (90 days).</summary>
public sealed class WaiverDecisionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly CallerIdentity Dana = new(Actors.Dana.Actor, [Roles.ProductOwner], [], null, "dana");
    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<WaiverDto> RequestAsync(string control, DateOnly expires, CallerIdentity? by = null)
    {
        var result = await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = control,
            Justification = "j",
            CompensatingControls = "c",
            RiskOwner = "Dana Kim",
            ExpiresOn = expires,
        }, by ?? Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    [Fact]
    public async Task A_waiver_is_rejected_with_a_reason_by_someone_other_than_the_requester_and_the_ledger_records_it()
    {
        var waiver = await RequestAsync("ATT-RISK-02", new DateOnly(2026, 4, 15));
        var reject = _db.Get<RejectWaiver>();

        (await reject.ExecuteAsync(waiver.Id, new WaiverRejectionInput { Reason = " " }, null, Gus, Ct)).Errors["reason"].ShouldBe(["is required"]);
        var self = await reject.ExecuteAsync(waiver.Id, new WaiverRejectionInput { Reason = "no" }, null, new CallerIdentity(Actors.Dana.Actor, [Roles.GovernanceLead], [], null, null), Ct);
        self.Kind.ShouldBe(ResultKind.Forbidden);
        self.Message.ShouldBe("Separation of duties: the requester of an approval or waiver cannot grant it.");
        (await reject.ExecuteAsync(waiver.Id, new WaiverRejectionInput { Reason = "no" }, 7, Gus, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);
        (await reject.ExecuteAsync("wv_nope", new WaiverRejectionInput { Reason = "no" }, null, Gus, Ct)).Kind.ShouldBe(ResultKind.NotFound);

        var rejected = await reject.ExecuteAsync(waiver.Id, new WaiverRejectionInput { Reason = "Adopt the use-limits policy instead. " }, 1, Gus, Ct);

        rejected.IsOk.ShouldBeTrue(rejected.Message);
        rejected.Value!.State.ShouldBe(WaiverState.Rejected);
        rejected.Value.RejectedBy.ShouldBe("user:gus");
        rejected.Value.RejectedAt.ShouldBe(_db.Clock.GetUtcNow());
        rejected.Value.RejectionReason.ShouldBe("Adopt the use-limits policy instead.");
        rejected.Value.Version.ShouldBe(2);
        (await reject.ExecuteAsync(waiver.Id, new WaiverRejectionInput { Reason = "again" }, null, Gus, Ct)).Message.ShouldBe($"Waiver {waiver.Id} is rejected, not requested.");
        (await _db.Get<ApproveWaiver>().ExecuteAsync(waiver.Id, null, Gus, Ct)).Kind.ShouldBe(ResultKind.Conflict, "a rejected waiver cannot be approved afterwards");
        (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Single(c => c.ControlId == "ATT-RISK-02").Status.ShouldBe(ControlStatus.NotStarted);
        await using var db = _db.NewContext();
        var entry = await db.Ledger.AsNoTracking().OrderBy(e => e.Seq).LastAsync(Ct);
        entry.Action.ShouldBe("waiver.rejected");
        entry.PayloadJson.ShouldContain("\"reason\":\"Adopt the use-limits policy instead.\"");
    }

    [Fact]
    public async Task Waivers_list_pending_requests_first_then_those_in_force_by_expiry_with_days_to_expiry()
    {
        var inForceLate = await RequestAsync("ATT-RISK-01", new DateOnly(2026, 5, 1));
        var inForceSoon = await RequestAsync("ATT-GOV-01", new DateOnly(2026, 3, 5));
        var pending = await RequestAsync("ATT-RISK-02", new DateOnly(2026, 4, 1));
        (await _db.Get<ApproveWaiver>().ExecuteAsync(inForceLate.Id, null, Gus, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<ApproveWaiver>().ExecuteAsync(inForceSoon.Id, null, Gus, Ct)).IsOk.ShouldBeTrue();
        _db.Clock.Advance(TimeSpan.FromDays(5)); // 2026-03-06: the ATT-GOV-01 waiver expired yesterday.

        var all = (await _db.Get<ListWaivers>().ExecuteAsync(new WaiverQuery(), Ct)).Value!;

        all.Select(w => (w.Id, w.State, w.DaysToExpiry, w.Expired)).ShouldBe([
            (pending.Id, WaiverState.Requested, 26, false),
            (inForceLate.Id, WaiverState.Approved, 56, false),
            (inForceSoon.Id, WaiverState.Approved, -1, true),
        ]);
        all[0].SystemSlug.ShouldBe("resume-screening");
        all[0].ControlTitle.ShouldNotBeNullOrWhiteSpace();
        all[0].ModelVersion.ShouldBeNull();
        (await _db.Get<ListWaivers>().ExecuteAsync(new WaiverQuery("resume-screening", WaiverState.Approved), Ct)).Value!.Select(w => w.Id).ShouldBe([inForceLate.Id, inForceSoon.Id]);
        (await _db.Get<ListWaivers>().ExecuteAsync(new WaiverQuery("nope"), Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    [Fact]
    public async Task The_request_form_offers_the_required_controls_and_the_tier_maximum()
    {
        var options = (await _db.Get<GetWaiverOptions>().ExecuteAsync("resume-screening", Ct)).Value!;

        options.Tier.ShouldBe(RiskTier.High);
        options.WaiverMaxDays.ShouldBe(90);
        options.LatestExpiry.ShouldBe(new DateOnly(2026, 5, 30));
        options.Controls.Select(c => c.ControlId).ShouldContain("ATT-RISK-02");
        options.Controls.Count.ShouldBe((await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Count);
        (await _db.Get<GetWaiverOptions>().ExecuteAsync("nope", Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }
}
