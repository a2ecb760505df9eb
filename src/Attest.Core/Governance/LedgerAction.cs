namespace Attest.Core.Governance;

/// <summary>Something ledger entries are about. Its subject string is derived here, once, never built by hand.</summary>
public interface ILedgerSubject
{
    /// <summary>"system:sys_…", "dataset:ds_…", "user:usr_…", "api_key:key_…", "ledger_key:…", "ledger:checkpoints".</summary>
    string LedgerSubject { get; }
}

/// <summary>A kind of change the ledger records, from the closed catalog <see cref="LedgerActions"/>.</summary>
public abstract class LedgerAction
{
    private protected LedgerAction(string name) => Name = name;

    /// <summary>The wire name stored in each entry, "area.past_tense_verb" (e.g. <c>waiver.approved</c>).</summary>
    public string Name { get; }

    /// <summary>What kind of thing its entries are about.</summary>
    public abstract Type SubjectType { get; }

    public override string ToString() => Name;
}

/// <summary>A ledger action whose entries are about a <typeparamref name="TSubject"/>.</summary>
public sealed class LedgerAction<TSubject> : LedgerAction where TSubject : ILedgerSubject
{
    internal LedgerAction(string name) : base(name) { }

    public override Type SubjectType => typeof(TSubject);
}

/// <summary>The ledger's signing key named in <c>ledger.key_*</c> entries.</summary>
public sealed record LedgerKeySubject(string KeyId) : ILedgerSubject
{
    public string LedgerSubject => $"ledger_key:{KeyId}";
}

/// <summary>The ledger itself, the subject of checkpoint entries.</summary>
public sealed record LedgerCheckpointsSubject : ILedgerSubject
{
    public static readonly LedgerCheckpointsSubject Instance = new();

    public string LedgerSubject => "ledger:checkpoints";
}
