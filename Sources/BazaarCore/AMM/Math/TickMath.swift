/// Uniswap v3's tick ↔ √price conversions in Q64.96: tick `i` has price 1.0001^i and
/// `sqrtPriceX96 = √(1.0001^i) · 2^96`, computed with the same constants and rounding as
/// `TickMath.sol`, so that results agree to the last bit.
public enum TickMath {
    public static let minTick: Int32 = -887_272
    public static let maxTick: Int32 = 887_272
    /// `getSqrtRatioAtTick(minTick)`.
    public static let minSqrtRatio = UInt256(4_295_128_739 as UInt128)
    /// `getSqrtRatioAtTick(maxTick)`.
    public static let maxSqrtRatio = UInt256(decimal: "1461446703485210103287273052203988822378723970342")!

    private static let factors: [UInt128] = [
        0xfff9_7272_373d_4132_59a4_6990_580e_213a, 0xfff2_e50f_5f65_6932_ef12_357c_f3c7_fdcc,
        0xffe5_caca_7e10_e4e6_1c36_24ea_a094_1cd0, 0xffcb_9843_d60f_6159_c9db_5883_5c92_6644,
        0xff97_3b41_fa98_c081_472e_6896_dfb2_54c0, 0xff2e_a164_66c9_6a38_43ec_78b3_26b5_2861,
        0xfe5d_ee04_6a99_a2a8_11c4_61f1_969c_3053, 0xfcbe_86c7_900a_88ae_dcff_c83b_479a_a3a4,
        0xf987_a725_3ac4_1317_6f2b_074c_f781_5e54, 0xf339_2b08_22b7_0005_940c_7a39_8e4b_70f3,
        0xe715_9475_a2c2_9b74_43b2_9c7f_a6e8_89d9, 0xd097_f3bd_fd20_22b8_845a_d8f7_92aa_5825,
        0xa9f7_4646_2d87_0fdf_8a65_dc1f_90e0_61e5, 0x70d8_69a1_56d2_a1b8_90bb_3df6_2baf_32f7,
        0x31be_135f_97d0_8fd9_8123_1505_542f_cfa6, 0x9aa_508b_5b7a_84e1_c677_de54_f3e9_9bc9,
        0x5d_6af8_dedb_8119_6699_c329_225e_e604, 0x2216_e584_f5fa_1ea9_2604_1bed_fe98,
        0x48a_1703_91f7_dc42_444e_8fa2,
    ]

    /// √(1.0001^tick) · 2^96, rounded up; throws `priceOutOfRange` beyond ±887272.
    public static func sqrtRatio(atTick tick: Int32) throws(PoolMathError) -> UInt256 {
        let absTick = tick.magnitude
        guard absTick <= maxTick.magnitude else { throw .priceOutOfRange }
        var ratio =
            absTick & 1 != 0
            ? UInt256(0xfffc_b933_bd6f_ad37_aa2d_162d_1a59_4001 as UInt128) : UInt256(high: 1, low: 0)
        for (index, factor) in factors.enumerated() where absTick & (UInt32(2) << index) != 0 {
            ratio = (ratio &* UInt256(factor)) >> 128
        }
        if tick > 0 { ratio = UInt256.max / ratio }
        let rounded = (ratio >> 32) + (ratio.low & 0xffff_ffff == 0 ? .zero : .one)
        return rounded
    }

    /// The greatest tick whose √price is at most `sqrtPriceX96`; the price must be in
    /// [minSqrtRatio, maxSqrtRatio). Uniswap's method: log₂ of the ratio to 14 fractional bits,
    /// scaled to log base √1.0001, which brackets the tick within one; `sqrtRatio` picks.
    public static func tick(atSqrtRatio sqrtPriceX96: UInt256) throws(PoolMathError) -> Int32 {
        guard sqrtPriceX96 >= minSqrtRatio, sqrtPriceX96 < maxSqrtRatio else { throw .priceOutOfRange }
        let ratio = sqrtPriceX96 << 32  // Q128.128
        let msb = ratio.bitWidth - 1
        var r = msb >= 128 ? ratio >> (msb - 127) : ratio << (127 - msb)
        // log₂ in Q64.64, as a sign and a magnitude.
        var fraction: UInt128 = 0
        for bit in stride(from: 63, through: 50, by: -1) {
            r = (r &* r) >> 127
            let f = Int((r >> 128).low)
            fraction |= UInt128(f) << UInt128(bit)
            r = r >> f
        }
        let integer = msb - 128
        let negative = integer < 0
        // |log₂| = |integer|·2^64 ∓ fraction (the fraction is always added to the signed integer part).
        let magnitude: UInt128 =
            negative
            ? (UInt128(-integer) << 64) - fraction
            : (UInt128(integer) << 64) + fraction
        let product = UInt256(magnitude) * UInt256(255_738_958_999_603_826_347_141 as UInt128)
        let lowOffset = Self.lowOffset
        let highOffset = Self.highOffset
        let tickLow = floorShift128(negative: negative, product, minus: lowOffset)
        let tickHigh = floorShift128(negative: negative, product, plus: highOffset)
        if tickLow == tickHigh { return tickLow }
        return try sqrtRatio(atTick: tickHigh) <= sqrtPriceX96 ? tickHigh : tickLow
    }

    private static let lowOffset = UInt256(decimal: "3402992956809132418596140100660247210")!
    private static let highOffset = UInt256(decimal: "291339464771989622907027621153398088495")!

    /// ⌊(±value − offset) / 2^128⌋ as a tick.
    private static func floorShift128(negative: Bool, _ value: UInt256, minus offset: UInt256) -> Int32 {
        if negative { return -ceilShift128(value + offset) }
        return value >= offset
            ? Int32(truncatingIfNeeded: Int64(((value - offset) >> 128).low)) : -ceilShift128(offset - value)
    }

    /// ⌊(±value + offset) / 2^128⌋ as a tick.
    private static func floorShift128(negative: Bool, _ value: UInt256, plus offset: UInt256) -> Int32 {
        if !negative { return Int32(truncatingIfNeeded: Int64(((value + offset) >> 128).low)) }
        return value <= offset
            ? Int32(truncatingIfNeeded: Int64(((offset - value) >> 128).low)) : -ceilShift128(value - offset)
    }

    /// ⌈value / 2^128⌉.
    private static func ceilShift128(_ value: UInt256) -> Int32 {
        let whole = Int32(truncatingIfNeeded: Int64(value.high))
        return value.low == 0 ? whole : whole + 1
    }

    /// The same tick by binary search over `sqrtRatio`: the definition, for tests.
    static func tickBySearch(atSqrtRatio sqrtPriceX96: UInt256) throws(PoolMathError) -> Int32 {
        guard sqrtPriceX96 >= minSqrtRatio, sqrtPriceX96 < maxSqrtRatio else { throw .priceOutOfRange }
        var low = minTick
        var high = maxTick
        while low < high {
            let middle = Int32((Int64(low) + Int64(high) + 1) >> 1)
            if try sqrtRatio(atTick: middle) <= sqrtPriceX96 { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
