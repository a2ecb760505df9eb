namespace Attest.Evaluation.Input;

/// <summary>Bad input data: the message names the file, row and column and says what was expected.</summary>
public sealed class EvaluationInputException(string message) : Exception(message);
