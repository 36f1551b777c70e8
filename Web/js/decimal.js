// Exact decimal text ↔ BigInt base units, for the figures the order form shows (cost, fee,
// margin). The API sends money as decimal strings; nothing here goes through floating point.

/** A signed decimal string ("-12.5", "3") as BigInt units of 10^-decimals; throws on excess digits. */
export function toUnits(text, decimals) {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(text));
  if (match === null) throw new RangeError(`'${text}' is not a decimal number`);
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) throw new RangeError(`'${text}' has more than ${decimals} decimal places`);
  const value = BigInt(match[2] + fraction.padEnd(decimals, "0"));
  return match[1] === "-" ? -value : value;
}

/** BigInt units of 10^-decimals as plain decimal text without trailing zeros. */
export function formatUnits(value, decimals) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** `numerator / denominator` for non-negative BigInts, rounded up (what a fee or margin may reach). */
export function divideRoundingUp(numerator, denominator) {
  if (numerator < 0n || denominator <= 0n) throw new RangeError("divideRoundingUp takes a non-negative numerator");
  return (numerator + denominator - 1n) / denominator;
}

/** Decimal text shortened for a narrow column: at most `places` decimals, rounded toward zero. */
export function shorten(text, places) {
  const [whole, fraction = ""] = String(text).split(".");
  const kept = fraction.slice(0, places).replace(/0+$/, "");
  return kept === "" ? whole : `${whole}.${kept}`;
}
