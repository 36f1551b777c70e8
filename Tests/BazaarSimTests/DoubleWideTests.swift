import Testing

@testable import BazaarSim

@Suite("Double from 128-bit integers")
struct DoubleWideTests {
    @Test func valuesThatFitIn64BitsConvertExactlyAsTheStandardLibraryDoes() {
        for value: UInt128 in [0, 1, 999_999, 1 << 53, (1 << 53) + 1, UInt128(UInt64.max)] {
            #expect(Double(wide: value) == Double(value))
        }
        for value: Int128 in [0, -1, 42, -(1 << 53) - 1, Int128(Int64.min), Int128(Int64.max)] {
            #expect(Double(wide: value) == Double(value))
        }
    }

    @Test func wideValuesAreWithinOneUnitInTheLastPlace() {
        var values: [UInt128] = [1 << 64, (1 << 64) + 1, UInt128.max, (1 << 127) + 12_345, 1 << 100]
        var state: UInt128 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<1_000 {
            state = state &* 0x2545_F491_4F6C_DD1D &+ 0x1405_7B7E_F767_814F
            values.append(state)
        }
        for value in values {
            let expected = Double(value)
            #expect(abs(Double(wide: value) - expected) <= expected.ulp)
            if value <= UInt128(Int128.max) {
                #expect(Double(wide: -Int128(value)) == -Double(wide: value))
            }
        }
        #expect(Double(wide: Int128.min) == -0x1p127)
    }
}
