/// Why a pool computation has no result; the ledger maps each to a result code.
public enum PoolMathError: Error, Sendable, Hashable {
    /// A result does not fit its type (a price above 160 bits, an amount above 128 bits).
    case overflow
    /// A tick outside ±887272 or a price outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO).
    case priceOutOfRange
    /// The pool has no liquidity left in the direction of the swap, or not enough for an exact output.
    case insufficientLiquidity
    /// A price limit on the wrong side of the current price or outside the bounds (Uniswap's `SPL`).
    case priceLimit
    /// A zero amount where a positive one is needed.
    case zeroAmount
}
