// Checks an order against its market's rules BEFORE anything is signed (the node would charge a
// fee to refuse it), as the Swift SDK's `TransactionBuilder.placeOrder(on:_:)` does, and works out
// what it costs: notional, fee and, on a perpetual, the initial margin. All in BigInt base units.

import { parseAmount, parsePositiveAmount } from "./encoding.js";
import { divideRoundingUp, toUnits } from "./decimal.js";

/** A refusal with the result code the node would give, so the page can show the same words. */
export class OrderCheckError extends Error {
  constructor(code, message) {
    super(code === null ? message : `${code}: ${message}`);
    this.code = code;
  }
}

const orderTypes = { gtc: "limit", ioc: "immediateOrCancel", fok: "fillOrKill", "post-only": "postOnly" };

/** The page's type and time in force as the encoding's order type. */
export function orderTypeOf(type, timeInForce, market) {
  if (type === "market") return "market";
  const orderType = orderTypes[timeInForce];
  if (orderType === undefined) throw new OrderCheckError(null, `unknown time in force '${timeInForce}'`);
  if (market.mode === "batch_auction" && (orderType === "fillOrKill" || orderType === "postOnly")) {
    throw new OrderCheckError(
      "unsupported_order_type",
      `${market.name} clears by batch auction at the end of each block; it takes GTC and IOC limit orders and market orders`);
  }
  return orderType;
}

/** A price per whole base unit (text) as quote base units per lot, checked against tick and range. */
export function checkPrice(text, market) {
  if (text.trim() === "") throw new OrderCheckError(null, "enter a price");
  let perWhole;
  try {
    perWhole = parseAmount(text.trim(), market.quoteDecimals);
  } catch (error) {
    throw new OrderCheckError(null, error.message);
  }
  const lot = BigInt(market.lotSizeBaseUnits);
  const tick = BigInt(market.tickSizeBaseUnits);
  const scale = 10n ** BigInt(market.baseDecimals);
  const product = perWhole * lot;
  const offTick = new OrderCheckError(
    "price_off_tick", `price ${text} is not a multiple of the tick, ${market.tickSize} ${market.quote} per ${market.base}`);
  if (product % scale !== 0n) throw offTick;
  const perLot = product / scale;
  if (perLot % tick !== 0n) throw offTick;
  const ticks = perLot / tick;
  if (ticks < 1n || ticks > BigInt(market.maximumPriceTicks)) {
    throw new OrderCheckError(
      "price_out_of_range", `price ${text} is outside ${market.tickSize} to ${market.maximumPrice} ${market.quote} per ${market.base}`);
  }
  return perLot;
}

/** A size in whole base units (text) as base units, checked against lot and minimum. */
export function checkSize(text, market) {
  if (text.trim() === "") throw new OrderCheckError(null, "enter a size");
  let size;
  try {
    size = parsePositiveAmount(text.trim(), market.baseDecimals);
  } catch (error) {
    throw new OrderCheckError(null, error.message);
  }
  if (size % BigInt(market.lotSizeBaseUnits) !== 0n) {
    throw new OrderCheckError("size_off_lot", `size ${text} is not a multiple of the lot, ${market.lotSize} ${market.base}`);
  }
  if (size < BigInt(market.minimumSizeBaseUnits)) {
    throw new OrderCheckError("below_minimum_size", `size ${text} is below the minimum, ${market.minimumSize} ${market.base}`);
  }
  return size;
}

/**
 * The checked order and its figures.
 *
 * @param input {{side, type, timeInForce, price, size, reduceOnly}} the form's text (reduceOnly a boolean)
 * @param perpetual the market's `/v1/perpetuals` entry, or undefined for a spot market
 * @returns {{action, notional: bigint, fee: bigint, feeBasisPoints: number, margin: bigint|null}}
 *   amounts in quote base units; the fee is the most the order can pay (rounded up), negative
 *   for a maker rebate; the margin is the initial margin of the whole size (rounded up).
 */
export function checkOrder(input, market, perpetual) {
  const type = orderTypeOf(input.type, input.timeInForce, market);
  const reduceOnly = input.reduceOnly === true;
  if (reduceOnly && (perpetual === undefined || market.mode !== "continuous" || type === "limit" || type === "postOnly")) {
    throw new OrderCheckError(
      "reduce_only_unsupported", "a reduce-only order is a perpetual's and immediate: a market order, or IOC or FOK");
  }
  const perLot = checkPrice(input.price, market);
  const size = checkSize(input.size, market);
  const lots = size / BigInt(market.lotSizeBaseUnits);
  const notional = perLot * lots;
  const feeBasisPoints = type === "postOnly" ? market.makerFeeBasisPoints : market.takerFeeBasisPoints;
  const feeMagnitude = divideRoundingUp(notional * BigInt(Math.abs(feeBasisPoints)), 10000n);
  const fee = feeBasisPoints < 0 ? -feeMagnitude : feeMagnitude;
  let margin = null;
  if (reduceOnly) {
    margin = 0n; // A reduction needs no margin; the node cuts the size to the position's.
  } else if (perpetual !== undefined) {
    // initialMargin is a fraction such as "0.1": scale it to millionths (exact for up to 6 places).
    const fraction = toUnits(perpetual.initialMargin, 6);
    margin = divideRoundingUp(notional * fraction, 1000000n);
  }
  const action = { kind: "placeOrder", market: market.id, side: input.side, type, price: perLot, size, reduceOnly };
  return { action, notional, fee, feeBasisPoints, margin };
}

/**
 * A market order's default worst price: `percent` beyond the best opposite price, rounded to the
 * tick away from the book (so the bound is never tighter than asked). Null without a quote.
 */
export function worstPrice(bestText, side, market, percent = 5n) {
  if (bestText === undefined || bestText === null) return null;
  const best = toUnits(bestText, market.quoteDecimals);
  const tickPerWhole = toUnits(market.tickSize, market.quoteDecimals);
  if (tickPerWhole <= 0n) return null;
  const target = side === "buy" ? (best * (100n + percent)) / 100n : (best * (100n - percent)) / 100n;
  const ticks = side === "buy" ? divideRoundingUp(target, tickPerWhole) : target / tickPerWhole;
  return ticks < 1n ? tickPerWhole : ticks * tickPerWhole;
}
