// The canonical encoding of docs/ENCODING.md for transactions, and their signing bytes.
//
// Integers above 32 bits are BigInt. Every writer checks its range and throws a RangeError, so a
// value the Swift SDK could not encode is never silently truncated here.

const textEncoder = new TextEncoder();

/** The 12 ASCII bytes signed before a transaction's encoding (no length prefix). */
export const signingDomain = textEncoder.encode("bazaar/tx/v1");
export const chainIDByteCountMax = 64;
export const actionCountMax = 32;
export const decimalsMax = 24;

const u64Max = (1n << 64n) - 1n;
const u128Max = (1n << 128n) - 1n;

/** Appends little-endian fixed-width integers, length-prefixed text and raw bytes. */
export class CanonicalWriter {
  constructor() {
    this.parts = [];
    this.byteCount = 0;
  }

  push(bytes) {
    this.parts.push(bytes);
    this.byteCount += bytes.length;
  }

  unsigned(value, byteCount) {
    const big = BigInt(value);
    if (big < 0n || big >= 1n << BigInt(8 * byteCount)) {
      throw new RangeError(`${value} does not fit in ${byteCount} unsigned bytes`);
    }
    const bytes = new Uint8Array(byteCount);
    let rest = big;
    for (let index = 0; index < byteCount; index += 1) {
      bytes[index] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    this.push(bytes);
  }

  u8(value) { this.unsigned(value, 1); }
  u16(value) { this.unsigned(value, 2); }
  u32(value) { this.unsigned(value, 4); }
  u64(value) { this.unsigned(value, 8); }
  u128(value) { this.unsigned(value, 16); }

  /** A signed 16-bit integer as the u16 of its two's-complement bit pattern. */
  i16(value) {
    if (!Number.isInteger(value) || value < -32768 || value > 32767) throw new RangeError(`${value} is not an i16`);
    this.u16(value < 0 ? value + 65536 : value);
  }

  fixed(bytes, byteCount) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== byteCount) {
      throw new RangeError(`expected exactly ${byteCount} bytes`);
    }
    this.push(bytes);
  }

  text(string, byteCountMax) {
    const bytes = textEncoder.encode(string);
    if (bytes.length > byteCountMax) throw new RangeError(`text longer than ${byteCountMax} bytes`);
    this.u32(bytes.length);
    this.push(bytes);
  }

  /** Tag 00 for absent (`null` or `undefined`), else 01 and the value. */
  optional(value, write) {
    if (value === null || value === undefined) {
      this.u8(0);
    } else {
      this.u8(1);
      write(value);
    }
  }

  finish() {
    const bytes = new Uint8Array(this.byteCount);
    let offset = 0;
    for (const part of this.parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  }
}

/** An asset symbol: 2 to 12 bytes, an uppercase letter then uppercase letters or digits. */
export function assetSymbol(text) {
  if (!/^[A-Z][A-Z0-9]{1,11}$/.test(text)) {
    throw new RangeError(`'${text}' is not a valid asset symbol: 2 to 12 characters, A-Z then A-Z or 0-9`);
  }
  return text;
}

/**
 * Parses a plain decimal string such as "1250.5" into base units of an asset with `decimals`
 * decimals, with the grammar of the Swift `Amount(parsing:decimals:)`: digits, optionally one
 * "." with digits on both sides, at most `decimals` digits after it, no sign or exponent.
 */
export function parseAmount(text, decimals) {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > decimalsMax) {
    throw new RangeError(`decimals must be 0 to ${decimalsMax}`);
  }
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (match === null) throw new RangeError(`'${text}' is not a plain decimal amount such as 12.5`);
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new RangeError(`'${text}' has ${fraction.length} decimal places but the asset allows ${decimals}`);
  }
  const value = BigInt(match[1] + fraction.padEnd(decimals, "0"));
  if (value > u128Max) throw new RangeError(`'${text}' is too large`);
  return value;
}

/** Like `parseAmount`, but zero is refused: the node would charge a fee to reject it. */
export function parsePositiveAmount(text, decimals) {
  const value = parseAmount(text, decimals);
  if (value === 0n) throw new RangeError("amount must be greater than zero");
  return value;
}

/**
 * A price in quote per whole base unit (text) as quote base units per lot of `lotSize` base
 * units; throws unless that is a whole number, as the Swift SDK's `pricePerLot` does.
 */
export function pricePerLot(text, { lotSize, baseDecimals, quoteDecimals }) {
  const perWhole = parseAmount(text, quoteDecimals);
  const product = perWhole * BigInt(lotSize);
  const scale = 10n ** BigInt(baseDecimals);
  const perLot = product / scale;
  if (perLot > u128Max) throw new RangeError(`price '${text}' is too large`);
  if (perLot * scale !== product) {
    throw new RangeError(`price '${text}' is not a whole number of quote base units per lot`);
  }
  return perLot;
}

/** The most legs of a route, and hops of a leg (`AMMAction.routeLegsMax`, `routeHopsMax`). */
export const routeLegsMax = 8;
export const routeHopsMax = 2;

/**
 * The route action of a `GET /v1/quote` answer, as the Swift SDK's `TransactionBuilder.route`
 * builds it: the quote's legs and venues, and a minimum output `slippageBasisPoints` below the
 * expected output (the allowance rounded down, so the minimum rounds up: never below the bound).
 */
export function routeFromQuote(quote, slippageBasisPoints) {
  if (!Number.isInteger(slippageBasisPoints) || slippageBasisPoints < 0 || slippageBasisPoints > 10000) {
    throw new RangeError("slippage must be 0 to 10000 basis points");
  }
  const wholeNumber = (text, what) => {
    if (!/^[0-9]+$/.test(String(text))) throw new RangeError(`quote ${what} '${text}' is not a whole number`);
    const value = BigInt(text);
    if (value > u128Max) throw new RangeError(`quote ${what} '${text}' is too large`);
    return value;
  };
  const expected = wholeNumber(quote.expectedOutBaseUnits, "expected output");
  const minimumOut = expected - (expected * BigInt(slippageBasisPoints)) / 10000n;
  const legs = quote.legs.map((leg) => ({
    amountIn: wholeNumber(leg.amountInBaseUnits, "leg amount"),
    hops: leg.venues.map((venue) => {
      // JSON numbers are exact up to 2^53; a larger id would arrive rounded.
      if (!Number.isSafeInteger(venue.id) || venue.id < 0) throw new RangeError(`quote venue id ${venue.id}`);
      if (venue.kind === "pool") return { pool: BigInt(venue.id) };
      if (venue.kind === "book") return { book: Number(venue.id) };
      throw new RangeError(`quote venue kind '${venue.kind}'`);
    }),
  }));
  return { kind: "route", assetIn: assetSymbol(quote.assetIn), assetOut: assetSymbol(quote.assetOut), legs, minimumOut };
}

const sides = { buy: 0, sell: 1 };
const orderTypes = { limit: 0, immediateOrCancel: 1, fillOrKill: 2, postOnly: 3, market: 4 };
const selfTradePreventions = { cancelResting: 0, cancelIncoming: 1, cancelBoth: 2 };

function lookup(table, name, what) {
  const value = table[name];
  if (value === undefined) throw new RangeError(`unknown ${what} '${name}': one of ${Object.keys(table).join(", ")}`);
  return value;
}

function writeOrderReference(writer, order) {
  if (order.id !== undefined) {
    writer.u8(0);
    writer.u64(order.id);
  } else if (order.clientID !== undefined) {
    writer.u8(1);
    writer.u64(order.clientID);
  } else {
    throw new RangeError("an order reference needs id or clientID");
  }
}

/** Writes one `Action` (tag byte, then its fields); see docs/ENCODING.md, "Action". */
export function writeAction(writer, action) {
  switch (action.kind) {
    case "transfer":
      writer.u8(0x03);
      writer.fixed(action.recipient, 20);
      writer.text(assetSymbol(action.asset), 12);
      writer.u128(action.amount);
      break;
    case "placeOrder":
      writer.u8(0x05);
      writer.u32(action.market);
      writer.u8(lookup(sides, action.side, "side"));
      writer.u8(lookup(orderTypes, action.type, "order type"));
      writer.u128(action.price);
      writer.u128(action.size);
      writer.optional(action.clientOrderID, (value) => writer.u64(value));
      writer.optional(action.expiresAtMilliseconds, (value) => writer.u64(value));
      writer.u8(lookup(selfTradePreventions, action.selfTradePrevention ?? "cancelResting", "self-trade prevention"));
      writer.u8(action.reduceOnly === true ? 1 : 0);
      break;
    case "cancelOrder":
      writer.u8(0x06);
      writer.u32(action.market);
      writeOrderReference(writer, action.order);
      break;
    case "cancelAllOrders":
      writer.u8(0x07);
      writer.u32(action.market);
      break;
    case "amendOrder":
      writer.u8(0x08);
      writer.u32(action.market);
      writeOrderReference(writer, action.order);
      writer.optional(action.price, (value) => writer.u128(value));
      writer.optional(action.size, (value) => writer.u128(value));
      break;
    case "marginDeposit":
    case "marginWithdraw":
      // 0b derivatives, 02 margin, then 00 deposit or 01 withdraw.
      writer.u8(0x0b);
      writer.u8(0x02);
      writer.u8(action.kind === "marginDeposit" ? 0x00 : 0x01);
      writer.text(assetSymbol(action.asset), 12);
      writer.u128(action.amount);
      break;
    case "route":
      // 09 amm, 07 route; legs and hops are counted in one byte each.
      writer.u8(0x09);
      writer.u8(0x07);
      writer.text(assetSymbol(action.assetIn), 12);
      writer.text(assetSymbol(action.assetOut), 12);
      writer.u128(action.minimumOut);
      if (action.legs.length === 0 || action.legs.length > routeLegsMax) {
        throw new RangeError(`a route has 1 to ${routeLegsMax} legs`);
      }
      writer.u8(action.legs.length);
      for (const leg of action.legs) {
        writer.u128(leg.amountIn);
        if (leg.hops.length === 0 || leg.hops.length > routeHopsMax) {
          throw new RangeError(`a route leg has 1 to ${routeHopsMax} hops`);
        }
        writer.u8(leg.hops.length);
        for (const hop of leg.hops) {
          if (hop.pool !== undefined) {
            writer.u8(0);
            writer.u64(hop.pool);
          } else if (hop.book !== undefined) {
            writer.u8(1);
            writer.u32(hop.book);
          } else {
            throw new RangeError("a route hop needs pool or book");
          }
        }
      }
      break;
    default:
      throw new RangeError(`unknown action kind '${action.kind}'`);
  }
}

/** `encode(Transaction)`: chain id, sender, nonce, fee, expiry height, actions. */
export function encodeTransaction(transaction) {
  const { chainID, sender, nonce, fee, expiryHeight, actions } = transaction;
  if (actions.length === 0) throw new RangeError("a transaction needs at least one action");
  if (actions.length > actionCountMax) throw new RangeError(`a transaction carries at most ${actionCountMax} actions`);
  const writer = new CanonicalWriter();
  writer.text(chainID, chainIDByteCountMax);
  writer.fixed(sender, 32);
  writer.u64(nonce);
  writer.u128(fee);
  writer.u64(expiryHeight);
  writer.u32(actions.length);
  for (const action of actions) writeAction(writer, action);
  return writer.finish();
}

/** The bytes the sender signs: `bazaar/tx/v1`, then `encode(Transaction)`. */
export function signingBytes(encodedTransaction) {
  const bytes = new Uint8Array(signingDomain.length + encodedTransaction.length);
  bytes.set(signingDomain, 0);
  bytes.set(encodedTransaction, signingDomain.length);
  return bytes;
}

/**
 * Encodes and signs `transaction` with an Ed25519 `CryptoKey` whose public key is
 * `transaction.sender`.
 *
 * @returns {{transaction: Uint8Array, signature: Uint8Array, signed: Uint8Array, id: string}}
 *   the encodings of the Transaction and of the SignedTransaction, and the id (hex SHA-256 of the latter).
 */
export async function signTransaction(transaction, privateKey) {
  const encoded = encodeTransaction(transaction);
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, signingBytes(encoded)));
  const signed = new Uint8Array(encoded.length + signature.length);
  signed.set(encoded, 0);
  signed.set(signature, encoded.length);
  const id = new Uint8Array(await crypto.subtle.digest("SHA-256", signed));
  return { transaction: encoded, signature, signed, id: toHex(id) };
}

export function toHex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function fromHex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new RangeError("not lowercase hex");
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toBase64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export { u64Max, u128Max };
