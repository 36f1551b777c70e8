// Ed25519 keys held by the browser: made and used with WebCrypto, stored in IndexedDB as
// non-extractable CryptoKey objects, and never sent anywhere. See docs/WEB.md, "Keys".

import { accountIDOf, encodeAddress } from "./address.js";

// A PKCS #8 PrivateKeyInfo for Ed25519 (RFC 8410) is this 16-byte prefix followed by the 32-byte seed.
const pkcs8Prefix = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const databaseName = "bazaar";
const storeName = "keys";
const defaultKeyName = "default";

/** Whether WebCrypto may be used here: only in a secure context (HTTPS, or http://127.0.0.1 and localhost). */
export function hasSecureCrypto() {
  return globalThis.isSecureContext === true && globalThis.crypto?.subtle !== undefined;
}

/** 32 fresh random bytes from the browser's CSPRNG: a new key's seed. */
export function newSeed() {
  return crypto.getRandomValues(new Uint8Array(32));
}

function base64URLDecode(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "="));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/**
 * The key with this 32-byte seed (RFC 8032), as a non-extractable signing key and its raw public key.
 *
 * WebCrypto derives no public key from a private one, so the seed is imported once as extractable
 * to read the public key (`x` of its JWK), then again as non-extractable for signing; only the
 * second is kept.
 */
export async function importSeed(seed) {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError("an Ed25519 seed has 32 bytes");
  const pkcs8 = new Uint8Array(pkcs8Prefix.length + seed.length);
  pkcs8.set(pkcs8Prefix, 0);
  pkcs8.set(seed, pkcs8Prefix.length);
  const extractable = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const jwk = await crypto.subtle.exportKey("jwk", extractable);
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  pkcs8.fill(0);
  return describe(privateKey, base64URLDecode(jwk.x));
}

async function describe(privateKey, publicKey) {
  const accountID = await accountIDOf(publicKey);
  return { privateKey, publicKey, accountID, address: encodeAddress(accountID) };
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, body) {
  const database = await openDatabase();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = database.transaction(storeName, mode);
      const request = body(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

/** Stores `key` (from `importSeed`) in IndexedDB under `name`; the CryptoKey stays non-extractable. */
export async function saveKey(key, name = defaultKeyName) {
  await withStore("readwrite", (store) => store.put({ privateKey: key.privateKey, publicKey: key.publicKey }, name));
}

/** The key stored under `name`, or `null`. */
export async function loadKey(name = defaultKeyName) {
  const record = await withStore("readonly", (store) => store.get(name));
  if (record === undefined) return null;
  return describe(record.privateKey, new Uint8Array(record.publicKey));
}

/** Forgets the key stored under `name`. */
export async function deleteKey(name = defaultKeyName) {
  await withStore("readwrite", (store) => store.delete(name));
}
