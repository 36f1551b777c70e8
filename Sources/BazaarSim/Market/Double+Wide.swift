// Conversions of the state's 128-bit integers to `Double` for the simulator's metrics. The
// standard library's `Double(_:)` goes through a generic path for 128-bit integers that cost a
// sixth of a day-long run's time (docs/PERFORMANCE.md); these split the value into two 64-bit
// halves instead. Both round to the nearest double the same way for values that fit in 64 bits;
// above that they may differ from the correctly rounded value in the last bit, which no metric
// can see.

extension Double {
    init(wide value: UInt128) {
        let high = UInt64(truncatingIfNeeded: value >> 64)
        let low = UInt64(truncatingIfNeeded: value)
        self = high == 0 ? Double(low) : Double(high) * 0x1p64 + Double(low)
    }

    init(wide value: Int128) {
        if let small = Int64(exactly: value) {
            self = Double(small)
        } else {
            let magnitude = Double(wide: value.magnitude)
            self = value < 0 ? -magnitude : magnitude
        }
    }
}
