/// SplitMix64: the simulators' only source of randomness.
///
/// Every draw goes through methods defined here, never through the standard
/// library's `random(in:)`, whose algorithm may change between toolchains; so a
/// seed replays the same run on any machine and any Swift version.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }

    /// A uniform value in `0..<bound` (Lemire's multiply-and-reject method).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "empty range")
        let threshold = (0 &- bound) % bound
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= threshold { return high }
        }
    }

    /// A uniform value in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(below(width))
    }

    /// A uniform value in `range`, for ranges of amounts wider than 64 bits.
    public mutating func uint128(in range: ClosedRange<UInt128>) -> UInt128 {
        let width = range.upperBound - range.lowerBound
        guard width < UInt128(UInt64.max) else {
            let wide = UInt128(next()) << 64 | UInt128(next())
            return width == .max ? wide : range.lowerBound + wide % (width + 1)
        }
        return range.lowerBound + UInt128(below(UInt64(width) + 1))
    }

    /// True with probability `percent` / 100.
    public mutating func chance(percent: Int) -> Bool {
        int(in: 0...99) < percent
    }

    public mutating func element<Element>(of elements: [Element]) -> Element {
        elements[int(in: 0...(elements.count - 1))]
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
