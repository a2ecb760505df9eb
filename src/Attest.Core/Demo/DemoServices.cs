using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Core.Demo;

/// <summary>
/// Use cases as the demo runs them: everything from the scope, except that whatever reads the time — the use case, the
/// governed write path, the gate, id generation, the incident a monitoring run reports — reads the demo clock.
/// </summary>
internal sealed class DemoServices(IServiceProvider services, DemoClock clock)
{
    private static readonly Type[] OnDemoTime = [typeof(GovernedWrites), typeof(EvaluateGate), typeof(IdGenerator), typeof(Features.Incidents.ReportIncident)];

    public T Get<T>() where T : notnull => (T)Create(typeof(T));

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().Single();
        var arguments = constructor.GetParameters().Select(p =>
            p.ParameterType == typeof(TimeProvider) ? clock
            : OnDemoTime.Contains(p.ParameterType) ? Create(p.ParameterType)
            : services.GetRequiredService(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }
}
