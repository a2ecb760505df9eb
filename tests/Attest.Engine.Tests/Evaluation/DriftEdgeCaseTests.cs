using Attest.Engine.Evaluation.Drift;

namespace Attest.Engine.Tests.Evaluation;

/// <summary>Expected values: Evidently 0.7.21 / scipy 1.10.1 outputs in the shared fairness folder's edge_cases_output.txt (case id in the name).</summary>
public sealed class DriftEdgeCaseTests
{
    private static double[] Codes(string letters) => [.. letters.Select(c => (double)(c - 'a'))];

    private static DriftColumnResult Column(DriftColumnType type, double[] reference, double[] current) =>
        DriftEvaluator.EvaluateColumn(new DriftColumn("c", type, reference, current));

    [Fact]
    public void V1_PSI_floors_a_category_missing_from_current_at_1e_4()
    {
        Column(DriftColumnType.Categorical, Codes("aabbc"), Codes("aabbb")).Psi.ShouldBe(1.6005134232840952, 1e-12);
        DriftBinning.FloorZeros([0.0, 0.6, 0.4]).ShouldBe([0.0001, 0.6, 0.4]);
    }

    [Fact]
    public void V1c_the_floor_is_a_millionth_of_the_smallest_share_when_that_is_at_most_1e_4()
    {
        var reference = Enumerable.Repeat(0.0, 20000).Append(1.0).ToArray();
        var current = Enumerable.Repeat(0.0, 10).Append(2.0).ToArray();
        var binned = DriftBinning.Bin(DriftColumnType.Categorical, reference, current, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DriftBinning.FloorZeros(binned.Reference).Min().ShouldBe(4.999750012499375e-11, 1e-20);
        DriftBinning.FloorZeros(binned.Current).Min().ShouldBe(0.0001);
    }

    [Fact]
    public void V2_Jensen_Shannon_distance_of_disjoint_categories_is_sqrt_ln2()
    {
        var r = Column(DriftColumnType.Categorical, Codes("aaa"), Codes("bbb"));
        DriftTests.JensenShannonDistance([1, 0], [0, 1]).ShouldBe(0.8325546111576977, 1e-15);
        r.Test.ShouldBe(DriftTests.Z); // small sample, two values: Evidently picks the z-test
    }

    [Fact]
    public void V3_normed_Wasserstein_uses_0_001_when_the_reference_is_constant()
    {
        var reference = Enumerable.Repeat(1.0, 50).ToArray();
        var current = Enumerable.Repeat(1.0, 49).Append(2.0).ToArray();
        (DriftTests.WassersteinDistance(reference, current) / Math.Max(DriftTests.StandardDeviation(reference), 0.001)).ShouldBe(20.000000000000018, 1e-9);
    }

    [Fact]
    public void V4_chi_square_with_a_category_only_in_current_has_p_zero()
    {
        var r = Column(DriftColumnType.Categorical, Codes("aabb"), Codes("aabbc"));
        r.Test.ShouldBe(DriftTests.ChiSquare);
        r.DriftScore.ShouldBe(0.0);
        r.Drifted.ShouldBeTrue();
    }

    [Fact]
    public void V5_z_test_on_identical_constant_samples_has_p_one()
    {
        var r = Column(DriftColumnType.Categorical, Enumerable.Repeat(1.0, 10).ToArray(), Enumerable.Repeat(1.0, 10).ToArray());
        r.Test.ShouldBe(DriftTests.Z);
        r.DriftScore.ShouldBe(1.0);
        r.Drifted.ShouldBeFalse();
    }

    [Fact]
    public void V6_V10_Kolmogorov_Smirnov_exact_p_values()
    {
        double[] same = [.. Enumerable.Range(0, 100).Select(i => (double)i)];
        KolmogorovSmirnov.TwoSample(same, same).PValue.ShouldBe(1.0);
        var r = KolmogorovSmirnov.TwoSample([1, 2, 3, 4], [3, 4, 5, 6]);
        r.Statistic.ShouldBe(0.5);
        r.PValue.ShouldBe(0.7714285714285716, 1e-15);
    }

    [Fact]
    public void V7_numerical_PSI_uses_one_bin_per_value_up_to_20_values_then_sturges()
    {
        double[] twenty = [.. Enumerable.Range(0, 100).Select(i => (double)(i % 20))];
        double[] twentyOne = [.. Enumerable.Range(0, 105).Select(i => (double)(i % 21))];
        Array.Sort(twenty);
        Array.Sort(twentyOne);
        string Label(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        DriftBinning.Bin(DriftColumnType.Numerical, twenty, twenty, Label).Labels.Count.ShouldBe(20);
        DriftBinning.Bin(DriftColumnType.Numerical, twentyOne, twentyOne, Label).Labels.Count.ShouldBe(9);
    }

    [Theory]
    // scipy 1.10.1 ks_2samp(a, b) with a = [(i*7919 % 1000)/1000 for i < 700], b = [((i*104729 % 1013)/1013)**1.1 for i < 15000]
    [InlineData(700, 7919, 1000, 15000, 104729, 1013, 1.1, 0.040285714285714314, 0.22165587447032875)]
    // a = [(i*31 % 97)/97 for i < 120], b = [((i*7 % 1009)/1009)**1.3 for i < 12000]: round(mn/(m+n)) = 119 ≤ 140
    [InlineData(120, 31, 97, 12000, 7, 1009, 1.3, 0.09650000000000003, 0.204111625831535)]
    public void Kolmogorov_Smirnov_over_10000_values_uses_scipy_asymptotic_distribution(
        int n1, int mulA, int modA, int n2, int mulB, int modB, double power, double statistic, double pValue)
    {
        var a = Enumerable.Range(0, n1).Select(i => (double)(i * mulA % modA) / modA).Order().ToArray();
        var b = Enumerable.Range(0, n2).Select(i => Math.Pow((double)((long)i * mulB % modB) / modB, power)).Order().ToArray();
        var r = KolmogorovSmirnov.TwoSample(a, b);
        r.Exact.ShouldBeFalse();
        r.Statistic.ShouldBe(statistic, 1e-12);
        r.PValue.ShouldBe(pValue, 1e-9);
    }

    [Theory]
    [InlineData(DriftColumnType.Numerical, 1000, 2, "z")]
    [InlineData(DriftColumnType.Numerical, 1000, 3, "chisquare")]
    [InlineData(DriftColumnType.Numerical, 1000, 5, "chisquare")]
    [InlineData(DriftColumnType.Numerical, 1000, 6, "ks")]
    [InlineData(DriftColumnType.Numerical, 1001, 2, "jensenshannon")]
    [InlineData(DriftColumnType.Numerical, 1001, 5, "jensenshannon")]
    [InlineData(DriftColumnType.Numerical, 1001, 6, "wasserstein")]
    [InlineData(DriftColumnType.Categorical, 1000, 2, "z")]
    [InlineData(DriftColumnType.Categorical, 1000, 3, "chisquare")]
    [InlineData(DriftColumnType.Categorical, 1001, 2, "jensenshannon")]
    [InlineData(DriftColumnType.Categorical, 1001, 3, "jensenshannon")]
    public void V8_V9_default_test_selection_follows_Evidently(DriftColumnType type, int referenceRows, int unique, string expected)
    {
        DriftTests.DefaultTest(type, referenceRows, unique).ShouldBe(expected);
    }

    [Fact]
    public void Special_functions_match_scipy()
    {
        // scipy.stats.chi2.sf(3.0, 2) = exp(-1.5); scipy.stats.norm.cdf(1.96) = 0.9750021048517795, norm.cdf(-3) = 0.0013498980316300933
        SpecialFunctions.ChiSquareSurvival(3.0, 2).ShouldBe(Math.Exp(-1.5), 1e-14);
        SpecialFunctions.NormalCdf(1.96).ShouldBe(0.9750021048517795, 1e-14);
        SpecialFunctions.NormalCdf(-3).ShouldBe(0.0013498980316300933, 1e-15);
    }
}
