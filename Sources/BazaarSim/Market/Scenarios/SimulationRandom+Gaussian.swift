internal import Foundation

extension SimulationRandom {
    /// A uniform value in the open interval (0, 1): the top 53 bits of one draw, centred in
    /// their cell, so never exactly 0 or 1.
    mutating func unitInterval() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal value (Box–Muller, cosine branch only: exactly two draws per value).
    ///
    /// Deterministic per seed on one platform: `log` and `cos` come from the C library, whose
    /// results may differ in the last bit between library versions; the draws themselves never do.
    mutating func standardNormal() -> Double {
        let radius = (-2 * log(unitInterval())).squareRoot()
        return radius * cos(2 * Double.pi * unitInterval())
    }
}
