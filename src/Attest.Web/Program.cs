// Stand-alone host of the web app; `attest serve` is the usual way to start it.
using Attest.Web;

var app = AttestWebApp.Create(args);
await app.PrepareAsync();
await app.RunAsync();

/// <summary>Entry point type for WebApplicationFactory in tests.</summary>
public partial class Program;
