// The trading screen: market selector, chart, book, trades, order form, the browser's key and
// the account panel. Market data comes live from the node's stream; the account is read again
// whenever the stream reports one of its events, and after each of its own transactions.

import { NodeError, Stream, getJSON, postJSON, submitTransaction, waitForCommit } from "./api.js";
import { BookState, renderBook } from "./book.js";
import { CandleChart } from "./chart.js";
import { formatUnits, shorten } from "./decimal.js";
import { fromHex, parseAmount, parsePositiveAmount, signTransaction, toHex } from "./encoding.js";
import { deleteKey, hasSecureCrypto, importSeed, loadKey, newSeed, saveKey } from "./keys.js";
import { OrderCheckError, checkOrder, checkPrice, checkSize, worstPrice } from "./order.js";
import { Views } from "./views.js";

const element = (id) => document.getElementById(id);
const expiryBlocks = 100n;
const tradeRows = 60;

const state = {
  status: null,
  assets: new Map(),
  markets: [],
  perpetuals: new Map(),
  market: null,
  resolution: "1m",
  stream: null,
  book: new BookState(),
  trades: [],
  key: null,
  faucet: false,
  fee: 0n,
  nextNonce: null,
  account: null,
  orders: [],
  side: "buy",
};
const chart = new CandleChart(element("chart"), element("chart-legend"));
const views = new Views({
  send: (actions, what) => send(actions, what),
  notify: (text, kind) => notify(text, kind),
  describeError: (error) => describeError(error),
  key: () => state.key,
  account: () => state.account,
  assets: state.assets,
  onTradeShown: () => {
    if (state.market !== null) history.replaceState(null, "", `#${state.market.name}`);
  },
  trade: (marketId, side, price) => tradeFromChain(marketId, side, price),
});

/** Opens a market (an option series from the chain) on the trading screen with a limit order ready. */
function tradeFromChain(marketId, side, price) {
  const market = state.markets.find((entry) => entry.id === marketId);
  if (market === undefined) return;
  if (market !== state.market) selectMarket(market);
  views.show("trade");
  element("order-type").value = "limit";
  element("order-tif").value = "gtc";
  element("order-price").value = price ?? "";
  setSide(side);
  element("order-size").focus();
}

// Notifications.

function notify(text, kind = "info") {
  const toast = document.createElement("div");
  toast.className = `toast ${kind}`;
  toast.textContent = text;
  toast.addEventListener("click", () => toast.remove());
  element("notifications").prepend(toast);
  while (element("notifications").childElementCount > 4) element("notifications").lastElementChild.remove();
  setTimeout(() => toast.remove(), kind === "failed" ? 40000 : 20000);
  return toast;
}

function describeError(error) {
  return error instanceof NodeError || error instanceof OrderCheckError ? error.message : String(error?.message ?? error);
}

// Transactions.

/** Signs `actions` with the browser's key, submits them, waits for the commit and reports it. */
async function send(actions, what) {
  const key = state.key;
  if (key === null) throw new Error("create or import a key first");
  const [account, status] = await Promise.all([getJSON(`/v1/accounts/${key.address}`), getJSON("/v1/status")]);
  let nonce = BigInt(account.nonce);
  if (state.nextNonce !== null && state.nextNonce > nonce) nonce = state.nextNonce;
  const transaction = {
    chainID: status.chainId, sender: key.publicKey, nonce, fee: state.fee,
    expiryHeight: BigInt(status.height) + expiryBlocks, actions,
  };
  const signed = await signTransaction(transaction, key.privateKey);
  try {
    await submitTransaction(signed.signed);
  } catch (error) {
    state.nextNonce = null;
    notify(`${what} refused: ${describeError(error)}`, "failed");
    return null;
  }
  state.nextNonce = nonce + 1n;
  const sent = notify(`${what}: sent (${signed.id.slice(0, 10)}…)`);
  try {
    const result = await waitForCommit(signed.id);
    if (result.code === "ok") notify(`${what}: committed at height ${result.height}`, "ok");
    else notify(`${what} failed: ${result.code}: ${result.message ?? ""}`, "failed");
    return result;
  } catch (error) {
    notify(`${what}: ${describeError(error)}`, "failed");
    return null;
  } finally {
    sent.remove();
    scheduleAccountRefresh();
  }
}

// Market data.

const bookRequest = () => ({ channel: "book", market: state.market.name, depth: 50 });
const tradesRequest = () => ({ channel: "trades", market: state.market.name });
const candlesRequest = () => ({ channel: "candles", market: state.market.name, resolution: state.resolution });

let bookDrawPending = false;
function scheduleBookDraw() {
  if (bookDrawPending) return;
  bookDrawPending = true;
  requestAnimationFrame(() => {
    bookDrawPending = false;
    const own = new Set(state.orders.filter((order) => order.marketId === state.market?.id).map((order) => order.priceTicks));
    renderBook(state.book, { asks: element("asks"), bids: element("bids"), spread: element("spread") }, { ownPrices: own });
  });
}

let tradesDrawPending = false;
function scheduleTradesDraw() {
  if (tradesDrawPending) return;
  tradesDrawPending = true;
  requestAnimationFrame(() => {
    tradesDrawPending = false;
    element("trades").replaceChildren(...state.trades.map((trade) => {
      const row = document.createElement("div");
      row.className = `print ${trade.takerSide ?? ""}`;
      row.dataset.id = trade.id;
      for (const text of [trade.price, shorten(trade.size, 4), new Date(trade.timeMs).toISOString().slice(11, 19)]) {
        const cell = document.createElement("span");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
    const last = state.trades[0];
    const perpetual = state.perpetuals.get(state.market.id);
    const parts = [];
    if (last !== undefined) parts.push(`last ${last.price}`);
    if (perpetual !== undefined) parts.push(`mark ${shorten(perpetual.markPrice, 2)}`, `funding ${perpetual.predictedFundingRatePpm} ppm`);
    element("market-stats").textContent = parts.join(" · ");
  });
}

async function loadCandles() {
  const market = state.market;
  const resolution = state.resolution;
  const page = await getJSON(`/v1/markets/${market.id}/candles?resolution=${resolution}&limit=300`);
  if (market === state.market && resolution === state.resolution) chart.setCandles(page.candles, resolution);
}

async function selectMarket(market) {
  if (state.market !== null) {
    state.stream.unsubscribe(bookRequest());
    state.stream.unsubscribe(tradesRequest());
    state.stream.unsubscribe(candlesRequest());
  }
  state.market = market;
  state.book.clear();
  state.trades = [];
  chart.setCandles([], state.resolution);
  if (views.current === "trade") history.replaceState(null, "", `#${market.name}`);
  element("market-select").value = String(market.id);
  element("order-size-unit").textContent = market.base;
  const perpetual = state.perpetuals.get(market.id);
  element("market-rules").textContent =
    `tick ${market.tickSize} ${market.quote} · lot ${market.lotSize} ${market.base} · minimum ${market.minimumSize} ${market.base}` +
    ` · fees maker ${market.makerFeeBasisPoints} bp, taker ${market.takerFeeBasisPoints} bp` +
    (market.mode === "batch_auction" ? " · batch auction each block" : "") +
    (perpetual !== undefined ? ` · perpetual, initial margin ${perpetual.initialMargin}, maintenance ${perpetual.maintenanceMargin}` : "");
  scheduleBookDraw();
  scheduleTradesDraw();
  state.stream.subscribe(bookRequest());
  state.stream.subscribe(tradesRequest());
  state.stream.subscribe(candlesRequest());
  updateOrderForm();
  try {
    const [trades] = await Promise.all([getJSON(`/v1/markets/${market.id}/trades?limit=${tradeRows}`), loadCandles()]);
    if (market !== state.market) return;
    // Prints the stream delivered meanwhile are newer than the page read: keep them in front.
    const seen = new Set(state.trades.map((trade) => trade.id));
    state.trades = [...state.trades, ...trades.trades.filter((trade) => !seen.has(trade.id))].slice(0, tradeRows);
    scheduleTradesDraw();
  } catch (error) {
    notify(`market data: ${describeError(error)}`, "failed");
  }
}

function onStreamMessage(message) {
  const market = state.market;
  if (message.type === "account_event") {
    scheduleAccountRefresh();
    return;
  }
  if (market === null || message.market !== market.name) {
    if (message.type === "error") element("stream-state").textContent = `stream: ${message.code}`;
    return;
  }
  switch (message.type) {
    case "book_snapshot":
      state.book.reset(message);
      scheduleBookDraw();
      break;
    case "book_update":
      if (state.book.apply(message) === "gap") {
        element("stream-state").textContent = "book: resynchronising";
        state.stream.resubscribe(bookRequest());
      }
      scheduleBookDraw();
      break;
    case "trade":
      if (!state.trades.some((trade) => trade.id === message.trade.id)) {
        state.trades.unshift(message.trade);
        state.trades.length = Math.min(state.trades.length, tradeRows);
        scheduleTradesDraw();
      }
      break;
    case "candle":
      if (message.resolution === state.resolution) chart.upsert(message.candle);
      break;
    case "error":
      element("stream-state").textContent = `stream: ${message.code}: ${message.message}`;
      break;
  }
}

// The order form.

function formInput() {
  return {
    side: state.side,
    type: element("order-type").value,
    timeInForce: element("order-tif").value,
    price: element("order-price").value,
    size: element("order-size").value,
    reduceOnly: !element("reduce-only-row").hidden && element("order-reduce-only").checked,
  };
}

function setSide(side) {
  state.side = side;
  for (const [id, value] of [["side-buy", "buy"], ["side-sell", "sell"]]) {
    element(id).classList.toggle("selected", side === value);
    element(id).setAttribute("aria-pressed", String(side === value));
  }
  if (element("order-type").value === "market") element("order-price").value = "";
  updateOrderForm();
}

function showSummary(rows) {
  element("order-summary").replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    return [dt, dd];
  }));
}

function updateOrderForm() {
  const market = state.market;
  if (market === null) return;
  const isMarket = element("order-type").value === "market";
  element("tif-row").hidden = isMarket;
  element("reduce-only-row").hidden = !state.perpetuals.has(market.id);
  element("order-price-label").textContent = isMarket ? "Worst price" : "Price";
  if (isMarket && element("order-price").value === "") {
    const { bids, asks } = state.book.top(1);
    const best = state.side === "buy" ? asks[0]?.price : bids[0]?.price;
    const worst = worstPrice(best, state.side, market);
    if (worst !== null) element("order-price").value = formatUnits(worst, market.quoteDecimals);
  }
  const submit = element("order-submit");
  submit.className = state.side;
  submit.textContent = `${state.side === "buy" ? "Buy" : "Sell"} ${market.base}`;
  const input = formInput();
  if (input.price === "" && input.size === "") {
    showSummary([]);
    element("order-check").textContent = "";
    return;
  }
  try {
    const order = checkOrder(input, market, state.perpetuals.get(market.id));
    const quote = (value) => `${formatUnits(value, market.quoteDecimals)} ${market.quote}`;
    const rows = [[isMarket ? "Cost at most" : state.side === "buy" ? "Cost" : "Proceeds", quote(order.notional)]];
    rows.push([`Fee (${order.feeBasisPoints} bp)`, `${order.fee < 0n ? "rebate " : "up to "}${quote(order.fee < 0n ? -order.fee : order.fee)}`]);
    if (order.margin !== null) rows.push(["Initial margin", quote(order.margin)]);
    showSummary(rows);
    element("order-check").textContent = "";
  } catch (error) {
    showSummary([]);
    element("order-check").textContent = describeError(error);
  }
}

async function submitOrder(event) {
  event.preventDefault();
  const market = state.market;
  let order;
  try {
    order = checkOrder(formInput(), market, state.perpetuals.get(market.id));
  } catch (error) {
    element("order-check").textContent = describeError(error);
    return;
  }
  const input = formInput();
  const what = `${input.side === "buy" ? "Buy" : "Sell"} ${input.size} ${market.base} ${input.type === "market" ? "at market" : `at ${input.price}`}${input.reduceOnly ? " (reduce only)" : ""}`;
  element("order-submit").disabled = true;
  try {
    await send([order.action], what);
  } catch (error) {
    notify(`${what}: ${describeError(error)}`, "failed");
  } finally {
    element("order-submit").disabled = false;
  }
}

// The account panel.

let accountRefreshTimer = null;
function scheduleAccountRefresh() {
  if (state.key === null || accountRefreshTimer !== null) return;
  accountRefreshTimer = setTimeout(() => {
    accountRefreshTimer = null;
    refreshAccount().catch((error) => element("stream-state").textContent = `account: ${describeError(error)}`);
  }, 250);
}

function cells(row, values) {
  for (const value of values) {
    const cell = row.insertCell();
    if (value instanceof Node) cell.append(value);
    else cell.textContent = value;
  }
  return row;
}

function button(text, onClick) {
  const node = document.createElement("button");
  node.type = "button";
  node.textContent = text;
  node.addEventListener("click", onClick);
  return node;
}

async function refreshAccount() {
  const key = state.key;
  if (key === null) return;
  const address = key.address;
  const [account, orders, margin] = await Promise.all([
    getJSON(`/v1/accounts/${address}`),
    getJSON(`/v1/accounts/${address}/orders`),
    state.perpetuals.size > 0 ? getJSON(`/v1/accounts/${address}/margin`) : Promise.resolve(null),
  ]);
  if (state.key?.address !== address) return;
  state.account = account;
  state.orders = orders.orders;
  renderBalances(account);
  if (views.current === "swap") views.showBalances();
  renderOrders(orders.orders);
  renderPositions(margin);
  scheduleBookDraw();
  // An account with no state and no history has no fills page (404): do not ask for one.
  const known = account.nonce > 0 || account.balances.length > 0 || account.locked.length > 0;
  const fills = known ? await getJSON(`/v1/accounts/${address}/fills?limit=100`) : { fills: [] };
  if (state.key?.address === address) renderFills(fills.fills);
}

function renderBalances(account) {
  const body = element("balances").tBodies[0];
  const free = new Map(account.balances.map((entry) => [entry.asset, entry.amount]));
  const locked = new Map(account.locked.map((entry) => [entry.asset, entry.amount]));
  const assets = [...new Set([...free.keys(), ...locked.keys()])].sort();
  body.replaceChildren();
  for (const asset of assets) {
    const decimals = state.assets.get(asset) ?? 0;
    let total = "";
    try {
      total = formatUnits(parseAmount(free.get(asset) ?? "0", decimals) + parseAmount(locked.get(asset) ?? "0", decimals), decimals);
    } catch {
      total = "?";
    }
    const row = cells(body.insertRow(), [asset, free.get(asset) ?? "0", locked.get(asset) ?? "0", total]);
    row.dataset.asset = asset;
  }
}

function renderOrders(orders) {
  const body = element("orders").tBodies[0];
  element("orders-count").textContent = orders.length > 0 ? `(${orders.length})` : "";
  body.replaceChildren();
  for (const order of orders) {
    const row = body.insertRow();
    row.dataset.id = order.id;
    const market = state.markets.find((entry) => entry.id === order.marketId);
    const cancel = button("Cancel", () => send(
      [{ kind: "cancelOrder", market: order.marketId, order: { id: BigInt(order.id) } }], `Cancel order ${order.id}`));
    cancel.className = "cancel";
    const amend = button("Amend", () => startAmend(row, order, market));
    amend.className = "amend";
    const actions = document.createElement("span");
    actions.append(amend, cancel);
    cells(row, [order.market, order.side, order.type.replace(/_/g, " "), order.price, order.size,
      `${order.locked} ${order.lockedAsset}`, order.id, actions]);
    row.cells[1].className = order.side;
  }
}

/** Turns an open order's price and size cells into inputs; Save amends, checked like a new order. */
function startAmend(row, order, market) {
  const price = document.createElement("input");
  price.value = order.price;
  price.setAttribute("aria-label", "New price");
  const size = document.createElement("input");
  size.value = order.size;
  size.setAttribute("aria-label", "New open size");
  row.cells[3].replaceChildren(price);
  row.cells[4].replaceChildren(size);
  const save = button("Save", async () => {
    try {
      const newPrice = price.value === order.price ? null : checkPrice(price.value, market);
      const newSize = size.value === order.size ? null : checkSize(size.value, market);
      if (newPrice === null && newSize === null) {
        scheduleAccountRefresh();
        return;
      }
      await send([{ kind: "amendOrder", market: order.marketId, order: { id: BigInt(order.id) }, price: newPrice, size: newSize }],
        `Amend order ${order.id}`);
    } catch (error) {
      notify(`Amend order ${order.id}: ${describeError(error)}`, "failed");
    }
  });
  row.cells[7].replaceChildren(save, button("Keep", () => renderOrders(state.orders)));
}

function renderFills(fills) {
  const body = element("fills").tBodies[0];
  body.replaceChildren();
  for (const fill of fills) {
    const row = cells(body.insertRow(), [new Date(fill.timeMs).toISOString().slice(5, 19).replace("T", " "), fill.market,
      fill.side, fill.price, fill.size, `${fill.fee} ${fill.feeAsset}`, fill.liquidity]);
    row.dataset.id = fill.id;
    row.cells[2].className = fill.side;
  }
}

function renderPositions(margin) {
  const body = element("positions").tBodies[0];
  body.replaceChildren();
  if (margin === null) {
    element("margin-summary").textContent = "This node has no perpetual markets.";
    return;
  }
  const quote = margin.quoteAsset ?? "";
  element("margin-summary").textContent =
    `Equity ${margin.equity} ${quote} · initial requirement ${margin.initialRequirement} · maintenance ${margin.maintenanceRequirement}` +
    ` · health factor ${margin.healthFactor ?? "—"}` +
    (margin.collateral.length > 0 ? ` · collateral ${margin.collateral.map((entry) => `${entry.amount} ${entry.asset}`).join(", ")}` : "");
  for (const position of margin.positions) {
    const row = cells(body.insertRow(), [position.market, position.size, position.entryPrice, position.markPrice,
      position.unrealizedPnl, position.liquidationPrice ?? "—", position.initialRequirement]);
    row.cells[1].className = position.size.startsWith("-") ? "sell" : "buy";
  }
}

async function moveMargin(kind) {
  const asset = element("margin-asset").value;
  try {
    const amount = parsePositiveAmount(element("margin-amount").value.trim(), state.assets.get(asset));
    await send([{ kind, asset, amount }], `${kind === "marginDeposit" ? "Deposit" : "Withdraw"} ${element("margin-amount").value} ${asset} margin`);
  } catch (error) {
    notify(`margin: ${describeError(error)}`, "failed");
  }
}

// The key.

function showKey() {
  const key = state.key;
  element("no-key").hidden = key !== null;
  element("has-key").hidden = key === null;
  element("key-summary").textContent = key === null ? "no key" : `${key.address.slice(0, 10)}…${key.address.slice(-6)}`;
  for (const id of ["balances", "orders", "fills", "positions"]) element(id).tBodies[0].replaceChildren();
  if (key === null) return;
  element("address").textContent = key.address;
  element("faucet").hidden = !state.faucet;
  state.nextNonce = null;
  state.stream.subscribe({ channel: "account", address: key.address });
  scheduleAccountRefresh();
}

async function setKey(key) {
  if (state.key !== null) state.stream.unsubscribe({ channel: "account", address: state.key.address });
  state.key = key;
  state.account = null;
  showKey();
}

function wireKey() {
  element("create-key").addEventListener("click", async () => {
    const seed = newSeed();
    const key = await importSeed(seed);
    await saveKey(key);
    element("backup-seed").textContent = toHex(seed);
    seed.fill(0);
    element("backup").hidden = false;
    await setKey(key);
  });
  element("backup-done").addEventListener("click", () => {
    element("backup-seed").textContent = "";
    element("backup").hidden = true;
  });
  element("import-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = element("import-seed");
    try {
      const key = await importSeed(fromHex(input.value.trim().toLowerCase()));
      input.value = "";
      await saveKey(key);
      await setKey(key);
    } catch (error) {
      notify(`cannot import: ${describeError(error)}`, "failed");
    }
  });
  element("forget-key").addEventListener("click", async () => {
    await deleteKey();
    await setKey(null);
  });
  element("faucet").addEventListener("click", async () => {
    try {
      const grant = await postJSON("/v1/faucet", { address: state.key.address });
      notify(`Faucet sent ${grant.amounts.map((entry) => `${entry.amount} ${entry.asset}`).join(", ")}`, "ok");
      waitForCommit(grant.id).then(scheduleAccountRefresh, scheduleAccountRefresh);
    } catch (error) {
      notify(`Faucet: ${describeError(error)}`, "failed");
    }
  });
}

// Start.

function wireScreen() {
  element("market-select").addEventListener("change", (event) => {
    const market = state.markets.find((entry) => String(entry.id) === event.target.value);
    if (market !== undefined) selectMarket(market);
  });
  for (const resolutionButton of element("resolutions").querySelectorAll("button")) {
    resolutionButton.addEventListener("click", () => {
      state.stream.unsubscribe(candlesRequest());
      state.resolution = resolutionButton.dataset.resolution;
      for (const other of element("resolutions").querySelectorAll("button")) other.classList.toggle("selected", other === resolutionButton);
      chart.setCandles([], state.resolution);
      state.stream.subscribe(candlesRequest());
      loadCandles().catch((error) => notify(`candles: ${describeError(error)}`, "failed"));
    });
  }
  for (const tab of document.querySelectorAll("[data-tab]")) {
    tab.addEventListener("click", () => {
      for (const other of document.querySelectorAll("[data-tab]")) {
        other.classList.toggle("selected", other === tab);
        element(`tab-${other.dataset.tab}`).hidden = other !== tab;
      }
    });
  }
  for (const side of [element("asks"), element("bids")]) {
    side.addEventListener("click", (event) => {
      const level = event.target.closest(".level");
      if (level === null || element("order-type").value === "market") return;
      element("order-price").value = level.dataset.price;
      updateOrderForm();
    });
  }
  element("side-buy").addEventListener("click", () => setSide("buy"));
  element("side-sell").addEventListener("click", () => setSide("sell"));
  element("order-type").addEventListener("change", () => {
    if (element("order-type").value === "market") element("order-price").value = "";
    updateOrderForm();
  });
  for (const id of ["order-tif", "order-price", "order-size"]) element(id).addEventListener("input", updateOrderForm);
  element("order-reduce-only").addEventListener("change", () => {
    // A reduce-only order never rests: a resting time in force becomes immediate-or-cancel.
    const tif = element("order-tif");
    if (element("order-reduce-only").checked && (tif.value === "gtc" || tif.value === "post-only")) tif.value = "ioc";
    updateOrderForm();
  });
  element("order-form").addEventListener("submit", submitOrder);
  element("margin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    moveMargin("marginDeposit");
  });
  element("margin-withdraw").addEventListener("click", () => moveMargin("marginWithdraw"));
}

async function start() {
  let markets;
  let perpetuals;
  try {
    const [status, assets, marketList, perpetualList] = await Promise.all([
      getJSON("/v1/status"), getJSON("/v1/assets"), getJSON("/v1/markets"), getJSON("/v1/perpetuals"),
    ]);
    state.status = status;
    element("chain").textContent = `chain ${status.chainId} · height ${status.height}`;
    for (const asset of assets.assets) state.assets.set(asset.symbol, asset.decimals);
    state.fee = parseAmount(status.minimumFee, state.assets.get(status.feeAsset));
    markets = marketList.markets;
    perpetuals = perpetualList.perpetuals;
  } catch (error) {
    element("chain").textContent = `node unreachable: ${describeError(error)}`;
    return;
  }
  for (const perpetual of perpetuals) state.perpetuals.set(perpetual.marketId, perpetual);
  // Spot markets (BASE-QUOTE), perpetuals, and option series (also picked from the option chain).
  state.markets = markets;
  const isSpot = (market) => !state.perpetuals.has(market.id) && market.name === `${market.base}-${market.quote}`;
  const select = element("market-select");
  for (const [label, group] of [["Spot", markets.filter(isSpot)],
    ["Perpetuals", markets.filter((market) => state.perpetuals.has(market.id))],
    ["Options", markets.filter((market) => !isSpot(market) && !state.perpetuals.has(market.id))]]) {
    if (group.length === 0) continue;
    const optgroup = document.createElement("optgroup");
    optgroup.label = label;
    for (const market of group) optgroup.append(new Option(market.name, String(market.id)));
    select.append(optgroup);
  }
  for (const symbol of [...state.assets.keys()].sort()) element("margin-asset").append(new Option(symbol, symbol));
  element("margin-asset").value = state.assets.has("USD") ? "USD" : element("margin-asset").value;
  state.stream = new Stream(onStreamMessage, (streamState) => {
    element("stream-state").textContent = streamState === "live" ? "live" : "stream reconnecting…";
  });
  wireScreen();
  views.wire();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = state.markets.find((market) => market.name === wanted) ?? state.markets[0];
  if (first !== undefined) selectMarket(first);
  if (Views.names.includes(wanted)) views.show(wanted);

  if (!hasSecureCrypto()) {
    element("insecure").hidden = false;
    element("wallet").hidden = true;
    element("order-submit").disabled = true;
    return;
  }
  try {
    await getJSON("/v1/faucet");
    state.faucet = true;
  } catch {
    state.faucet = false;
  }
  wireKey();
  await setKey(await loadKey());
  // The header's height and the perpetuals' marks, every few seconds; the rest is live.
  setInterval(async () => {
    try {
      const [status, perpetualList] = await Promise.all([getJSON("/v1/status"), getJSON("/v1/perpetuals")]);
      element("chain").textContent = `chain ${status.chainId} · height ${status.height}`;
      for (const perpetual of perpetualList.perpetuals) state.perpetuals.set(perpetual.marketId, perpetual);
      scheduleTradesDraw();
    } catch (error) {
      element("chain").textContent = `node unreachable: ${describeError(error)}`;
    }
  }, 5000);
}

start();
