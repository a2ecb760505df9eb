namespace Attest.Core.Common;

public enum ResultKind { Ok, NotFound, Invalid, Conflict, PreconditionFailed, Forbidden, Unavailable, InsufficientStorage }

/// <summary>
/// The outcome of a use case: a value, or an expected failure the hosts map to problem details
/// (web) or exit codes (CLI). Exceptions are reserved for bugs.
/// </summary>
public sealed class Result<T>
{
    private Result(ResultKind kind, T? value, string? message, IReadOnlyDictionary<string, string[]>? errors)
    {
        Kind = kind;
        Value = value;
        Message = message;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public ResultKind Kind { get; }
    public T? Value { get; }
    public string? Message { get; }
    /// <summary>Field (snake_case JSON path) → what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public bool IsOk => Kind == ResultKind.Ok;

    public static Result<T> Ok(T value) => new(ResultKind.Ok, value, null, null);
    public static Result<T> NotFound(string message) => new(ResultKind.NotFound, default, message, null);
    public static Result<T> Conflict(string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(ResultKind.Conflict, default, message, errors);
    public static Result<T> PreconditionFailed(string message) => new(ResultKind.PreconditionFailed, default, message, null);
    public static Result<T> Forbidden(string message) => new(ResultKind.Forbidden, default, message, null);
    /// <summary>A service the use case depends on (the decision stream) cannot take the request now; nothing was accepted, retry later.</summary>
    public static Result<T> Unavailable(string message) => new(ResultKind.Unavailable, default, message, null);
    /// <summary>The storage the change needs (the evidence blob store) is full; nothing was stored, retry once space is freed.</summary>
    public static Result<T> InsufficientStorage(string message) => new(ResultKind.InsufficientStorage, default, message, null);
    public static Result<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ResultKind.Invalid, default, "One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), errors);
    public static Result<T> Invalid(string field, string problem) => Invalid(new Dictionary<string, string[]> { [field] = [problem] });

    /// <summary>Carries a failure over to a result of another type.</summary>
    public Result<TOther> As<TOther>() =>
        IsOk ? throw new InvalidOperationException("An ok result has a value to map, not a failure to carry.") : Result<TOther>.Failure(Kind, Message, Errors);

    internal static Result<T> Failure(ResultKind kind, string? message, IReadOnlyDictionary<string, string[]> errors) =>
        new(kind, default, message, errors);
}
