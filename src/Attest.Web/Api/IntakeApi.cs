using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Features.Compliance;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Intake answers, the classification computed from them, overrides beside it, and obligation deadlines.</summary>
internal static class IntakeApi
{
    public static void MapIntakeApi(this RouteGroupBuilder api)
    {
        var systems = api.MapGroup("/systems").WithTags("Intake and classification");

        systems.MapPut("/{idOrSlug}/intake", Answer).Requires(Permissions.IntakeWrite)
            .Accepts<JsonObject>("application/json")
            .Produces<SystemClassificationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapGet("/{idOrSlug}/intake", GetIntake).Requires(Permissions.IntakeRead)
            .Produces<SystemIntakeView>().ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapGet("/{idOrSlug}/classification", GetClassification).Requires(Permissions.IntakeRead)
            .Produces<SystemClassificationView>().ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapPost("/{idOrSlug}/classification/override", Override).Requires(Permissions.ClassificationOverride)
            .Produces<SystemClassificationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        systems.MapGet("/{idOrSlug}/obligations", Obligations).Requires(Permissions.IntakeRead)
            .Produces<ObligationsView>().ProducesProblem(StatusCodes.Status404NotFound);

        // The systems whose intake leaves questions that decide the class unanswered, with those questions.
        api.MapGet("/classifications/incomplete", Incomplete).Requires(Permissions.IntakeRead).WithTags("Intake and classification")
            .Produces<IReadOnlyList<IncompleteClassification>>();
    }

    private static async Task<IResult> Incomplete(ListIncompleteClassifications useCase, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(ct));

    // The body is read as text so the parser can name the answer key (and line) of every problem.
    private static async Task<IResult> Answer(string idOrSlug, SubmitIntake useCase, HttpContext http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (System.Text.Unicode.Utf8.IsValid(bytes) is false)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid UTF-8 text (first bad byte at offset {InvalidUtf8At(bytes)})"] },
                "The body is not valid UTF-8 text.", title: "Invalid request");
        if (bytes.Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["is required: attest.intake/v1 answers as JSON"] },
                "A request body is required: attest.intake/v1 answers as JSON.", title: "Request body required");
        var text = Encoding.UTF8.GetString(bytes);
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, text, Callers.Of(http), ct), TypedResults.Ok);
    }

    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private static async Task<IResult> GetIntake(string idOrSlug, GetIntake useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> GetClassification(string idOrSlug, GetClassification useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Override(string idOrSlug, OverrideInput input, OverrideClassification useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Of(http), ct), TypedResults.Ok);

    private static async Task<IResult> Obligations(string idOrSlug, GetObligations useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);
}
