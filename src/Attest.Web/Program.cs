// Stand-alone host of the web app; `attest serve` is the usual way to start it.
using Attest.Web;

await AttestWebApp.Create(args).RunAsync();

/// <summary>Entry point type for WebApplicationFactory in tests.</summary>
public partial class Program;
