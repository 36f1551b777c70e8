// Account ids and their bech32 addresses (BIP-173, prefix "bz"), as in BazaarCore's AccountID.

const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
export const addressPrefix = "bz";
export const accountIDByteCount = 20;

function polymod(values) {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit += 1) {
      if ((top >>> bit) & 1) checksum ^= generator[bit];
    }
  }
  return checksum >>> 0;
}

function expandPrefix(prefix) {
  const codes = Array.from(prefix, (character) => character.charCodeAt(0));
  return [...codes.map((code) => code >> 5), 0, ...codes.map((code) => code & 31)];
}

function convertBits(data, from, to, pad) {
  let accumulator = 0;
  let bits = 0;
  const mask = (1 << to) - 1;
  const result = [];
  for (const value of data) {
    if (value >> from !== 0) return null;
    accumulator = ((accumulator << from) | value) & 0xffffff;
    bits += from;
    while (bits >= to) {
      bits -= to;
      result.push((accumulator >> bits) & mask);
    }
  }
  if (pad) {
    if (bits > 0) result.push((accumulator << (to - bits)) & mask);
  } else if (bits >= from || ((accumulator << (to - bits)) & mask) !== 0) {
    return null;
  }
  return result;
}

/** The `bz1…` address of a 20-byte account id. */
export function encodeAddress(accountID) {
  if (accountID.length !== accountIDByteCount) throw new RangeError("an account id has 20 bytes");
  const data = convertBits(accountID, 8, 5, true);
  const values = [...expandPrefix(addressPrefix), ...data, 0, 0, 0, 0, 0, 0];
  const checksumValue = polymod(values) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((index) => (checksumValue >>> (5 * (5 - index))) & 31);
  return `${addressPrefix}1${[...data, ...checksum].map((value) => charset[value]).join("")}`;
}

/** The 20-byte account id of a `bz1…` address; throws for a wrong prefix, length, character or checksum. */
export function decodeAddress(address) {
  const invalid = () => new RangeError(`'${address}' is not a valid address: expected bz1… with a correct checksum`);
  if (typeof address !== "string" || address.length > 90) throw invalid();
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) throw invalid();
  const lowered = address.toLowerCase();
  const separator = lowered.lastIndexOf("1");
  if (separator < 1 || separator + 7 > lowered.length || lowered.slice(0, separator) !== addressPrefix) throw invalid();
  const values = [];
  for (const character of lowered.slice(separator + 1)) {
    const value = charset.indexOf(character);
    if (value < 0) throw invalid();
    values.push(value);
  }
  if (polymod([...expandPrefix(addressPrefix), ...values]) !== 1) throw invalid();
  const bytes = convertBits(values.slice(0, -6), 5, 8, false);
  if (bytes === null || bytes.length !== accountIDByteCount) throw invalid();
  return Uint8Array.from(bytes);
}

/** The account id of an Ed25519 public key: the first 20 bytes of its SHA-256. */
export async function accountIDOf(publicKey) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", publicKey));
  return digest.slice(0, accountIDByteCount);
}
