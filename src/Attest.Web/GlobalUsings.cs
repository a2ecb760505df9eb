// Permissions and callers are Core's: every host asks the same rules.
global using Attest.Core.Governance;
