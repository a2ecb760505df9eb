using System.Threading.RateLimiting;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Hosting;
using Attest.Web.Api;
using Attest.Web.Components;
using Attest.Web.Hosting;
using Attest.Web.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Attest.Web;

/// <summary>Builds the web host: REST API under /api/v1, the server-rendered UI, health and OpenAPI.</summary>
public static class AttestWebApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var options = AttestOptions.From(builder.Configuration);

        builder.Services.AddSingleton(new Attest.Core.Features.Evidence.EvidenceSettings(options.MaxEvidenceBytes));
        builder.Services.AddSingleton(Attest.Core.Features.Oversight.OversightSettings.From(key => builder.Configuration[key]));
        builder.Services.AddSingleton(Attest.Core.Features.Oversight.DecisionStreamSettings.From(key => builder.Configuration[key]));
        builder.Services.AddSingleton(options.Secrets);
        builder.Services.AddAttestCore(DatabaseSettings.Resolve(options.DataDirectory, options.PostgresConnectionString), options.Calendar, options.Ledger);
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<DataStartup>();
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddHostedService<DecisionStreamWorker>();
        builder.Services.AddHostedService<CheckpointSchedule>();
        builder.Services.AddHostedService<LedgerAuditSchedule>();
        builder.Services.AddSingleton(Attest.Core.Features.Monitoring.MonitoringSettings.From(key => builder.Configuration[key]));
        builder.Services.AddHostedService<MonitoringScheduler>();
        builder.Services.AddHostedService<KpiSnapshotSchedule>();
        builder.Services.AddHostedService<DecisionRetentionSchedule>();
        builder.Services.AddSingleton(Attest.Core.Features.Reports.ReportSettings.Default with { ChromiumPath = builder.Configuration["Attest:ChromiumPath"] });
        builder.Services.ConfigureHttpJsonOptions(o => AttestJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(ProblemDetailsSetup.Customize);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseBusyExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        builder.Services.AddOpenApi("v1", OpenApiSetup.Configure);
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        SharedDataProtection.Add(builder.Services, options, options.Secrets);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddAttestSecurity(AuthSettings.From(builder.Configuration));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Ten sign-in attempts a minute per client address, on top of the per-account lockout.
            o.AddPolicy(AccountEndpoints.SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        builder.AddAttestMetrics();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<LedgerIntegrityHealthCheck>("ledger");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxJsonBodyBytes);
        // Binding failures (bad JSON, unknown fields) reach BadRequestExceptionHandler, which names the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapAttestMetrics();
        app.UseRouting();
        app.UseMiddleware<RequestSizeGuard>();
        app.UseAuthentication();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseAuthorization();
        app.UseMiddleware<ReadScopeGuard>();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapReadiness();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapAssets();
        var api = app.MapGroup("/api/v1");
        api.MapPortfolioApi();
        api.MapKpisApi();
        api.MapTrainingApi();
        api.MapExportsApi();
        api.MapAssuranceApi();
        api.MapSystemsApi();
        api.MapModelVersionsApi();
        api.MapDeploymentsApi();
        api.MapDatasetsApi();
        api.MapLedgerApi();
        api.MapIntakeApi();
        api.MapControlsApi();
        api.MapEvidenceApi(options);
        api.MapDocumentsApi();
        api.MapImportsApi(options);
        api.MapGatesApi();
        api.MapActionsApi();
        api.MapRisksApi();
        api.MapIncidentsApi();
        api.MapIdentityApi();
        api.MapDecisionsApi();
        api.MapOversightApi();
        api.MapMonitoringApi();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().RequireAuthorization(PermissionPolicies.Name(Permissions.InventoryRead));
        return app;
    }
}
