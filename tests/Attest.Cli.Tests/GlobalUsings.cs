global using Attest.Core.Governance;
