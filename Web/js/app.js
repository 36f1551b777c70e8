// The page shell: node status, the browser's key, the devnet faucet and balances.

import { deleteKey, hasSecureCrypto, importSeed, loadKey, newSeed, saveKey } from "./keys.js";
import { fromHex, toHex } from "./encoding.js";

const element = (id) => document.getElementById(id);

function say(text) {
  element("message").textContent = text;
}

async function getJSON(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { "content-type": "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.code}: ${body.message}`);
  return body;
}

async function showStatus() {
  try {
    const status = await getJSON("/v1/status");
    element("chain").textContent = `chain ${status.chainId} · height ${status.height}`;
    return status;
  } catch (error) {
    element("chain").textContent = `node unreachable: ${error.message}`;
    return null;
  }
}

/** Whether this node runs a faucet (devnets only): `GET /v1/faucet` answers 200 there. */
async function faucetIsOpen() {
  try {
    await getJSON("/v1/faucet");
    return true;
  } catch {
    return false;
  }
}

async function showBalances(key) {
  const body = element("balances").tBodies[0];
  body.replaceChildren();
  try {
    const account = await getJSON(`/v1/accounts/${key.address}`);
    const locked = new Map((account.locked ?? []).map((entry) => [entry.asset, entry.amount]));
    for (const balance of account.balances ?? []) {
      const row = body.insertRow();
      for (const text of [balance.asset, balance.amount, locked.get(balance.asset) ?? "0"]) {
        row.insertCell().textContent = text;
      }
    }
  } catch (error) {
    say(`balances: ${error.message}`);
  }
}

function showKey(key, faucetAvailable) {
  element("no-key").hidden = key !== null;
  element("has-key").hidden = key === null;
  if (key === null) return;
  element("address").textContent = key.address;
  element("faucet").hidden = !faucetAvailable;
  showBalances(key);
}

async function start() {
  const status = await showStatus();
  if (!hasSecureCrypto()) {
    element("insecure").hidden = false;
    element("wallet").hidden = true;
    return;
  }
  const faucetAvailable = await faucetIsOpen();
  let key = await loadKey();
  showKey(key, faucetAvailable);

  element("create-key").addEventListener("click", async () => {
    const seed = newSeed();
    key = await importSeed(seed);
    await saveKey(key);
    element("backup-seed").textContent = toHex(seed);
    seed.fill(0);
    element("backup").hidden = false;
    showKey(key, faucetAvailable);
  });
  element("backup-done").addEventListener("click", () => {
    element("backup-seed").textContent = "";
    element("backup").hidden = true;
  });
  element("import-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = element("import-seed");
    try {
      key = await importSeed(fromHex(input.value.trim().toLowerCase()));
      input.value = "";
      await saveKey(key);
      showKey(key, faucetAvailable);
    } catch (error) {
      say(`cannot import: ${error.message}`);
    }
  });
  element("forget-key").addEventListener("click", async () => {
    await deleteKey();
    key = null;
    showKey(key, faucetAvailable);
  });
  element("faucet").addEventListener("click", async () => {
    try {
      const grant = await getJSON("/v1/faucet", { method: "POST", body: JSON.stringify({ address: key.address }) });
      say(`faucet sent ${grant.amounts.map((entry) => `${entry.amount} ${entry.asset}`).join(", ")} (tx ${grant.id})`);
      setTimeout(() => showBalances(key), 1500);
    } catch (error) {
      say(`faucet: ${error.message}`);
    }
  });
}

start();
