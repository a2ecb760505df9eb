using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Gates;

namespace Attest.Core.Tests.Support;

/// <summary>Steps of a release review that scenarios about something else need done, as the board would do them.</summary>
public static class ReviewSteps
{
    /// <summary>An independent reviewer who holds every specialty intake routing may ask for.</summary>
    public static readonly CallerIdentity Rita = new(new Actor("user:rita", "Rita Reviewer"), [Roles.Reviewer], ["legal", "privacy", "security", "fairness", "safety"], null, null);

    /// <summary>Every specialist the review asks for approves it.</summary>
    public static async Task SignOffAllAsync(TestDatabase db, ReleaseReviewDto review, CancellationToken ct)
    {
        foreach (var a in review.Assignments)
        {
            var signed = await db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = a.Specialty, Decision = SignOffDecision.Approve, Rationale = "Reviewed." }, Rita, ct);
            signed.IsOk.ShouldBeTrue(signed.Message);
        }
    }

    /// <summary>The unmet requirements of the review's gate now: what the conditions of a conditional go must answer.</summary>
    public static async Task<IReadOnlyList<string>> UnmetAsync(TestDatabase db, string system, ReleaseReviewDto review, CancellationToken ct)
    {
        var gate = await db.Get<EvaluateGate>().ExecuteAsync(system, review.ModelVersion, review.Stage, ct);
        gate.IsOk.ShouldBeTrue(gate.Message);
        return gate.Value!.Unmet.Select(u => u.Requirement).ToArray();
    }
}
