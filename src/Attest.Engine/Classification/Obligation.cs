namespace Attest.Engine.Classification;

/// <summary>One obligation of the operator, with the date it applies from under the calendar in force.</summary>
public sealed record Obligation(string Article, string Title, DateOnly AppliesFrom, CalendarMilestone Milestone);

/// <summary>An Art 50 duty the system triggers, and who carries it.</summary>
public sealed record TransparencyDuty(string Article, string DutyHolder, string Duty);

/// <summary>A reviewer the intake routes the system to, and why.</summary>
public sealed record ReviewRoute(string Reviewer, string Reason);
