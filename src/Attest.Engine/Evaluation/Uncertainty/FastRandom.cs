namespace Attest.Engine.Evaluation.Uncertainty;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded from a caller's seeded System.Random: row resampling draws a
/// billion indices for 1000 resamples of 1M rows, which System.Random's seeded algorithm is too slow for.
/// Same seed, same stream — results stay reproducible.
/// </summary>
internal struct FastRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public FastRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, bound): the high word of a 64×64-bit product (Lemire); the relative
    /// bias between indices is below bound / 2^64, i.e. under 1e-10 for any row count.</summary>
    public int NextInt(int bound) => (int)Math.BigMul(NextUInt64(), (ulong)(uint)bound, out _);
}
