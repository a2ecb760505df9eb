// Stand-alone host of the web app; `attest serve` is the usual way to start it.
Attest.Web.AttestWebApp.Create(args).Run();
