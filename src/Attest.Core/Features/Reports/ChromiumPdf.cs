using System.Diagnostics;

namespace Attest.Core.Features.Reports;

/// <summary>
/// Where the headless browser that prints reports to PDF is: <c>ATTEST_CHROMIUM</c> (or the server's
/// <c>Attest:ChromiumPath</c> setting) when set, else the first of the usual Debian and Chrome paths that exists.
/// </summary>
public sealed record ReportSettings(string? ChromiumPath, TimeSpan Timeout)
{
    public const string EnvironmentVariable = "ATTEST_CHROMIUM";
    public static readonly string[] DefaultPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    public static ReportSettings Default { get; } = new(null, TimeSpan.FromSeconds(120));

    /// <summary>The browser to run: the configured path (even if it does not exist, so the error names it), else the first default that exists.</summary>
    public string? ResolveBrowser()
    {
        var configured = ChromiumPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return !string.IsNullOrWhiteSpace(configured) ? configured : DefaultPaths.FirstOrDefault(File.Exists);
    }
}

/// <summary>A PDF, or why none could be printed (no browser, or the browser failed): the API answers 503, the CLI exits 2.</summary>
public sealed record PdfOutcome(byte[]? Pdf, string? Unavailable);

/// <summary>
/// Prints an HTML page to PDF with headless Chromium (<c>--headless --print-to-pdf</c>): the page is written to a private
/// temporary directory, the browser runs with no network access to anything but that file, and the directory is removed.
/// </summary>
public sealed class ChromiumPdf(ReportSettings settings)
{
    public async Task<PdfOutcome> PrintAsync(string html, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(html);
        var browser = settings.ResolveBrowser();
        if (browser is null)
            return new(null, $"no Chromium to print the PDF with: install chromium or set {ReportSettings.EnvironmentVariable} to the browser's path");
        if (!File.Exists(browser))
            return new(null, $"no Chromium at {browser} ({ReportSettings.EnvironmentVariable}): install chromium or correct the path");
        var directory = Directory.CreateTempSubdirectory("attest-report-");
        try
        {
            var page = Path.Combine(directory.FullName, "report.html");
            var pdf = Path.Combine(directory.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                $"--user-data-dir={Path.Combine(directory.FullName, "profile")}", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
            })
                start.ArgumentList.Add(arg);
            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return new(null, $"could not start Chromium at {browser}: {e.Message}");
            }
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new(null, $"Chromium did not print the PDF within {settings.Timeout.TotalSeconds:0} s");
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                var error = (await stderr).Trim();
                return new(null, $"Chromium exited {process.ExitCode} without a PDF{(error.Length > 0 ? ": " + error.Split('\n')[^1] : "")}");
            }
            return new(await File.ReadAllBytesAsync(pdf, ct), null);
        }
        finally
        {
            try { directory.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
