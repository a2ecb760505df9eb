using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Tests.Operations;

/// <summary>
/// Issue 18: the evidence blob store on a full volume — a real 1 MiB tmpfs mounted on <c>DATA/blobs</c> (the test runs as
/// root; elsewhere it is skipped, saying why). An upload that does not fit is a 507 problem naming the store, and leaves
/// neither a row without its file nor a file without its row; uploads that fit still work.
/// </summary>
public sealed class EvidenceStoreFullTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new();
    private string Blobs => Path.Combine(_factory.DataDirectory, "blobs");
    private bool _mounted;
    private HttpClient _client = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Blobs);
        _mounted = await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", Blobs) == 0;
        if (!_mounted) return;
        var key = await _factory.WithServiceAsync<CreateApiKey, string>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "uploader", Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!.Secret);
        _client = _factory.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var created = await _client.PostAsync("/api/v1/systems", Json.Body(Json.SystemJson("scoring")), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _factory.DisposeAsync();
        if (_mounted) await RunAsync("umount", "--lazy", Blobs);
        try { Directory.Delete(_factory.DataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task An_upload_that_does_not_fit_is_a_507_problem_and_leaves_no_orphan_row_or_file()
    {
        if (!_mounted) Assert.Skip("Mounting a small tmpfs needs root (mount -t tmpfs); this test simulates a full volume with one.");

        // Too big for the whole store: refused while being written, the partial file removed.
        using (var refused = await UploadAsync(new byte[2 * 1024 * 1024], "too-big"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.InsufficientStorage);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
            problem["title"]!.GetValue<string>().ShouldBe("Insufficient storage");
            problem["detail"]!.GetValue<string>().ShouldContain("evidence store");
            problem["detail"]!.GetValue<string>().ShouldContain("nothing was stored");
        }
        await ShouldHaveNoOrphansAsync(expectedRows: 0);

        // Files of 300 KB until the store is full: the ones that fit are stored whole, the first that does not is refused.
        var stored = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await UploadAsync(Filled(300 * 1024, (byte)(i + 1)), $"part-{i}");
            if (response.StatusCode == HttpStatusCode.InsufficientStorage) break;
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            stored++;
        }
        stored.ShouldBeInRange(1, 3, "a 1 MiB store holds at most three 300 KB files");
        await ShouldHaveNoOrphansAsync(expectedRows: stored);

        // A small file still fits in what is left: the refused uploads left nothing behind.
        using (var small = await UploadAsync(Filled(8 * 1024, 0xEE), "small"))
            small.StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldHaveNoOrphansAsync(expectedRows: stored + 1);
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name + ".bin");
        form.Add(new StringContent("fairness_report"), "type");
        return await _client.PostAsync("/api/v1/systems/scoring/evidence", form, Ct);
    }

    private static byte[] Filled(int size, byte seed)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++) bytes[i] = (byte)(seed + i * 31);
        return bytes;
    }

    // Every evidence row has its file, every file its row, one evidence.added entry per row, and no temporary file is left.
    private async Task ShouldHaveNoOrphansAsync(int expectedRows)
    {
        var (rows, added) = await _factory.WithServiceAsync<AttestDbContext, (List<string>, int)>(async db =>
            (await db.Evidence.Select(e => e.Sha256).ToListAsync(Ct), await db.Ledger.CountAsync(e => e.Action == "evidence.added", Ct)));
        var shaDir = Path.Combine(Blobs, "sha256");
        var files = Directory.Exists(shaDir) ? Directory.EnumerateFiles(shaDir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList() : [];
        rows.Count.ShouldBe(expectedRows);
        added.ShouldBe(expectedRows);
        files.Order().ShouldBe(rows.Distinct().Order(), "each stored file belongs to a row and each row has its file");
        var tmp = Path.Combine(Blobs, "tmp");
        (Directory.Exists(tmp) ? Directory.EnumerateFileSystemEntries(tmp).Count() : 0).ShouldBe(0, "no partial upload is left in the store");
    }

    private static async Task<int> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
