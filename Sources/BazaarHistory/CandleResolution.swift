/// The width of a candle: one of six fixed intervals, each aligned to the Unix epoch in UTC.
///
/// A candle of resolution `r` covers `[startMs, startMs + r.milliseconds)` with
/// `startMs = t − t mod r.milliseconds`. The epoch began at 00:00 UTC, so hours and days start on
/// UTC hours and UTC midnights (no leap seconds in Unix time), and 4h candles start at 00:00,
/// 04:00, … UTC.
public enum CandleResolution: String, CaseIterable, Sendable, Hashable, Comparable {
    case oneMinute = "1m"
    case fiveMinutes = "5m"
    case fifteenMinutes = "15m"
    case oneHour = "1h"
    case fourHours = "4h"
    case oneDay = "1d"

    /// The interval's length.
    public var milliseconds: UInt64 {
        switch self {
        case .oneMinute: 60_000
        case .fiveMinutes: 300_000
        case .fifteenMinutes: 900_000
        case .oneHour: 3_600_000
        case .fourHours: 14_400_000
        case .oneDay: 86_400_000
        }
    }

    /// The number a store keeps for the resolution; never reused for another one.
    public var code: UInt8 {
        switch self {
        case .oneMinute: 1
        case .fiveMinutes: 2
        case .fifteenMinutes: 3
        case .oneHour: 4
        case .fourHours: 5
        case .oneDay: 6
        }
    }

    /// The resolution stored as `code`, or nil for a code no resolution has.
    public init?(code: UInt8) {
        guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = found
    }

    /// `1m, 5m, 15m, 1h, 4h, 1d`, for error messages and help texts.
    public static let namesListed = allCases.map(\.rawValue).joined(separator: ", ")

    /// The start of the interval holding `timeMilliseconds` (rounded down to a multiple of the length).
    public func start(of timeMilliseconds: UInt64) -> UInt64 {
        timeMilliseconds - timeMilliseconds % milliseconds
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
