namespace Attest.Engine.Controls;

/// <summary>Where a system stands on one required control (a cell of the compliance matrix).</summary>
public enum ControlStatus
{
    NotStarted,
    InProgress,
    Satisfied,
    Waived,
    NotApplicable,
    /// <summary>Set by evidence freshness, never by hand: the control's evidence expired or concerns an earlier model version.</summary>
    Stale,
}
