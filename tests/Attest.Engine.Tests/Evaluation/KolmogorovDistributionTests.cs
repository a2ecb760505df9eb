using Attest.Engine.Evaluation.Drift;

namespace Attest.Engine.Tests.Evaluation;

public sealed class KolmogorovDistributionTests
{
    /// <summary>Expected: scipy 1.10.1 scipy.stats.kstwo.sf(x, n), which ks_2samp uses for samples over 10000 values.
    /// The grid covers each of scipy's branches (Ruben–Gambino, Durbin matrix, Pomeranz, Pelz–Good, Smirnov).</summary>
    [Theory]
    [InlineData(3, 0.1, 1.0)]
    [InlineData(3, 0.2667, 0.9519519839982222)]
    [InlineData(3, 0.35, 0.7328333333333334)]
    [InlineData(3, 0.6, 0.14400000000000004)]
    [InlineData(10, 0.08, 0.9999978058034054)]
    [InlineData(10, 0.15, 0.95396527)]
    [InlineData(10, 0.2, 0.7487190399999999)]
    [InlineData(10, 0.35, 0.1339605462624991)]
    [InlineData(10, 0.6, 0.0005681672000000003)]
    [InlineData(10, 0.85, 1.1566210937500017e-08)]
    [InlineData(50, 0.03, 0.9999999991521389)]
    [InlineData(50, 0.05, 0.9990238098461883)]
    [InlineData(50, 0.08, 0.880839701941023)]
    [InlineData(50, 0.12, 0.4337679661310233)]
    [InlineData(50, 0.15, 0.19026366518248072)]
    [InlineData(50, 0.18, 0.06877558239525183)]
    [InlineData(50, 0.25, 0.0030657620198693003)]
    [InlineData(50, 0.6, 9.634070456142374e-18)]
    [InlineData(140, 0.02, 0.9999999774822331)]
    [InlineData(140, 0.05, 0.857648029765611)]
    [InlineData(140, 0.08, 0.31480749911643063)]
    [InlineData(140, 0.1, 0.11353657290090946)]
    [InlineData(140, 0.15, 0.0032495604415101703)]
    [InlineData(140, 0.2, 2.1981563302200222e-05)]
    [InlineData(140, 0.35, 7.770798917761266e-16)]
    [InlineData(141, 0.02, 0.9999999744561288)]
    [InlineData(141, 0.05, 0.8548456930096628)]
    [InlineData(141, 0.08, 0.31084170879264117)]
    [InlineData(141, 0.12, 0.03160060527758468)]
    [InlineData(141, 0.2, 2.0276784223976912e-05)]
    [InlineData(500, 0.02, 0.9859871786857471)]
    [InlineData(500, 0.03, 0.7473166700457021)]
    [InlineData(500, 0.05, 0.15866260223815365)]
    [InlineData(500, 0.06, 0.05243463489026223)]
    [InlineData(500, 0.08, 0.0031305058199356268)]
    [InlineData(500, 0.12, 9.88394350588572e-07)]
    [InlineData(1000, 0.01, 0.9999496745370611)]
    [InlineData(1000, 0.02, 0.8108971656895577)]
    [InlineData(1000, 0.03, 0.3226902143914636)]
    [InlineData(1000, 0.04, 0.07933956059000224)]
    [InlineData(1000, 0.05, 0.013012074781090332)]
    [InlineData(1000, 0.08, 5.154189384789824e-06)]
    [InlineData(5000, 0.005, 0.9995858441477996)]
    [InlineData(5000, 0.01, 0.6954557253913853)]
    [InlineData(5000, 0.015, 0.20846142096186204)]
    [InlineData(5000, 0.02, 0.03613941395325637)]
    [InlineData(5000, 0.05, 2.6523052328711187e-11)]
    [InlineData(150000, 0.001, 0.9982358422822605)]
    [InlineData(150000, 0.002, 0.5852546878861702)]
    [InlineData(150000, 0.003, 0.1341018124495077)]
    [InlineData(150000, 0.004, 0.01641549696764547)]
    [InlineData(150000, 0.005, 0.001102453936024622)]
    [InlineData(150000, 0.02, 1.4974233154225054e-52)]
    public void Survival_equals_scipy_kstwo(int n, double x, double expected)
    {
        Math.Abs(KolmogorovDistribution.Survival(n, x) - expected).ShouldBeLessThan(1e-9, $"n={n} x={x}");
    }
}
