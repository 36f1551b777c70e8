// The views beside the trading screen: pools and swap (the router's quote, then its route signed
// here with a slippage bound), the oracle (prices, TWAP, staleness) and the option chain. Each
// reads the node's REST API when opened and again every few seconds while it is shown.

import { getJSON } from "./api.js";
import { formatUnits, shorten } from "./decimal.js";
import { parseAmount, parsePositiveAmount, routeFromQuote } from "./encoding.js";

const element = (id) => document.getElementById(id);
const refreshMs = 3000;
const quoteDelayMs = 300;

function fillRow(row, values) {
  for (const value of values) {
    const cell = row.insertCell();
    cell.textContent = value ?? "—";
  }
  return row;
}

function showSummary(list, rows) {
  list.replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    return [dt, dd];
  }));
}

/** Seconds as "12 s", "4 min" or "3 h". */
function age(milliseconds) {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

/**
 * The views. `page` is what they need of the trading screen: `send(actions, what)` signs,
 * submits and reports a transaction; `notify(text, kind)`; `describeError(error)`; `key()` the
 * browser's key or null; `account()` its last account read; `assets` symbol → decimals.
 */
export class Views {
  constructor(page) {
    this.page = page;
    this.current = "trade";
    this.quote = null;
    this.quoteInput = null;
    this.quoteTimer = null;
    this.quoteSequence = 0;
    this.sending = false;
    this.underlying = null;
    this.expiry = null;
    setInterval(() => this.refresh(), refreshMs);
  }

  static names = ["trade", "swap", "oracle", "options"];

  wire() {
    for (const tab of document.querySelectorAll("[data-view]")) {
      tab.addEventListener("click", () => this.show(tab.dataset.view));
    }
    const assets = [...this.page.assets.keys()].sort();
    for (const id of ["swap-in", "swap-out"]) {
      for (const symbol of assets) element(id).append(new Option(symbol, symbol));
    }
    element("swap-in").value = this.page.assets.has("USD") ? "USD" : assets[0];
    element("swap-out").value = this.page.assets.has("BTC") ? "BTC" : assets[1];
    for (const id of ["swap-in", "swap-out", "swap-amount"]) {
      element(id).addEventListener(id === "swap-amount" ? "input" : "change", () => this.scheduleQuote());
    }
    element("swap-slippage").addEventListener("input", () => this.showQuote());
    element("swap-flip").addEventListener("click", () => {
      const assetIn = element("swap-in").value;
      element("swap-in").value = element("swap-out").value;
      element("swap-out").value = assetIn;
      this.scheduleQuote();
    });
    element("swap-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.swap();
    });
    element("options-underlying").addEventListener("change", () => {
      this.underlying = element("options-underlying").value;
      this.expiry = null;
      this.loadChain();
    });
    element("options-expiry").addEventListener("change", () => {
      this.expiry = element("options-expiry").value;
      this.loadChain();
    });
  }

  /** Shows one view: `trade` is the trading screen; the others are read as they open. */
  show(name) {
    if (!Views.names.includes(name)) return;
    this.current = name;
    for (const tab of document.querySelectorAll("[data-view]")) {
      tab.classList.toggle("selected", tab.dataset.view === name);
      tab.setAttribute("aria-selected", String(tab.dataset.view === name));
    }
    element("screen").hidden = name !== "trade";
    for (const other of Views.names.slice(1)) element(`view-${other}`).hidden = other !== name;
    element("market-pick").hidden = name !== "trade";
    element("market-stats").hidden = name !== "trade";
    if (name !== "trade") history.replaceState(null, "", `#${name}`);
    else this.page.onTradeShown();
    this.refresh();
    if (name === "swap") this.scheduleQuote();
  }

  refresh() {
    const failed = (error) => element("stream-state").textContent = `${this.current}: ${this.page.describeError(error)}`;
    if (this.current === "swap") {
      this.loadPools().catch(failed);
      this.showBalances();
      // Keep the quote current while the form waits: pools and books move.
      if (this.quote !== null && !this.sending) this.requestQuote();
    } else if (this.current === "oracle") {
      this.loadOracle().catch(failed);
    } else if (this.current === "options") {
      this.loadChain().catch(failed);
    }
  }

  // Pools and swap.

  async loadPools() {
    const { pools } = await getJSON("/v1/pools");
    const body = element("pools").tBodies[0];
    body.replaceChildren();
    for (const pool of pools) {
      const row = fillRow(body.insertRow(), [String(pool.id), `${pool.asset0}/${pool.asset1}`, pool.curve.replace(/_/g, " "),
        `${pool.feePips / 10000}%`, `${shorten(pool.reserve0, 4)} ${pool.asset0}`, `${shorten(pool.reserve1, 2)} ${pool.asset1}`,
        `${pool.price} ${pool.asset1}`]);
      row.dataset.id = String(pool.id);
    }
  }

  /** What the form asks for, or null while it is incomplete; throws on an invalid amount. */
  swapInput() {
    const assetIn = element("swap-in").value;
    const assetOut = element("swap-out").value;
    const amount = element("swap-amount").value.trim();
    if (amount === "") return null;
    if (assetIn === assetOut) throw new RangeError("choose two different assets");
    parsePositiveAmount(amount, this.page.assets.get(assetIn));
    return { assetIn, assetOut, amount };
  }

  slippage() {
    const text = element("swap-slippage").value.trim();
    if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 10000) throw new RangeError("slippage is 0 to 10000 basis points");
    return Number(text);
  }

  scheduleQuote() {
    clearTimeout(this.quoteTimer);
    this.quote = null;
    this.showQuote();
    this.quoteTimer = setTimeout(() => this.requestQuote(), quoteDelayMs);
  }

  async requestQuote() {
    let input;
    try {
      input = this.swapInput();
    } catch (error) {
      element("swap-check").textContent = this.page.describeError(error);
      return;
    }
    if (input === null) return;
    const sequence = ++this.quoteSequence;
    if (this.quote === null) element("swap-check").textContent = "quoting…";
    try {
      const quote = await getJSON(`/v1/quote?in=${input.assetIn}&out=${input.assetOut}&amount=${encodeURIComponent(input.amount)}`);
      if (sequence !== this.quoteSequence) return;
      this.quote = quote;
      this.quoteInput = input;
      element("swap-check").textContent = "";
    } catch (error) {
      if (sequence !== this.quoteSequence) return;
      this.quote = null;
      element("swap-check").textContent = this.page.describeError(error);
    }
    this.showQuote();
  }

  showQuote() {
    const quote = this.quote;
    const legs = element("swap-legs").tBodies[0];
    legs.replaceChildren();
    element("swap-submit").disabled = quote === null || this.sending;
    if (quote === null) {
      showSummary(element("swap-summary"), []);
      return;
    }
    const outDecimals = this.page.assets.get(quote.assetOut);
    const rows = [["Expected", `${quote.expectedOut} ${quote.assetOut}`]];
    try {
      const minimum = routeFromQuote(quote, this.slippage()).minimumOut;
      rows.push(["Minimum received", `${formatUnits(minimum, outDecimals)} ${quote.assetOut}`]);
      element("swap-check").textContent = "";
    } catch (error) {
      element("swap-check").textContent = this.page.describeError(error);
      element("swap-submit").disabled = true;
    }
    const inUnits = BigInt(quote.amountInBaseUnits);
    const outUnits = BigInt(quote.expectedOutBaseUnits);
    if (inUnits > 0n && outUnits > 0n) {
      // The average price, in the output per input and input per output, to 8 decimals (rounded down).
      const scale = 10n ** 8n;
      const inDecimals = this.page.assets.get(quote.assetIn);
      const perIn = (outUnits * scale * 10n ** BigInt(inDecimals)) / (inUnits * 10n ** BigInt(outDecimals));
      const perOut = (inUnits * scale * 10n ** BigInt(outDecimals)) / (outUnits * 10n ** BigInt(inDecimals));
      rows.push(["Price", `${shorten(formatUnits(perOut, 8), 6)} ${quote.assetIn} per ${quote.assetOut}`]);
      rows.push(["", `${shorten(formatUnits(perIn, 8), 8)} ${quote.assetOut} per ${quote.assetIn}`]);
    }
    rows.push(["Price impact", `${(quote.priceImpactBasisPoints / 100).toFixed(2)}%`]);
    rows.push(["Legs", String(quote.legs.length)]);
    showSummary(element("swap-summary"), rows);
    for (const leg of quote.legs) {
      fillRow(legs.insertRow(), [leg.path.join(" → "), leg.venues.map((venue) => `${venue.kind} ${venue.id}`).join(", "),
        `${leg.amountIn} ${quote.assetIn}`, `${leg.amountOut} ${quote.assetOut}`, leg.fees.join(", ")]);
    }
  }

  showBalances() {
    const account = this.page.account();
    const balance = (asset) => account?.balances.find((entry) => entry.asset === asset)?.amount ?? "0";
    const assetIn = element("swap-in").value;
    const assetOut = element("swap-out").value;
    element("swap-balances").textContent = this.page.key() === null
      ? "No key: create or import one on the Trade view to swap."
      : `You have ${balance(assetIn)} ${assetIn} and ${balance(assetOut)} ${assetOut}`;
    element("swap-balances").dataset.in = balance(assetIn);
    element("swap-balances").dataset.out = balance(assetOut);
  }

  /** Signs and sends the shown quote's route, with the form's slippage bound. */
  async swap() {
    const quote = this.quote;
    if (quote === null || this.sending) return;
    let action;
    try {
      if (this.page.key() === null) throw new Error("create or import a key on the Trade view first");
      action = routeFromQuote(quote, this.slippage());
      const free = parseAmount(this.page.account()?.balances.find((entry) => entry.asset === quote.assetIn)?.amount ?? "0",
        this.page.assets.get(quote.assetIn));
      if (free < BigInt(quote.amountInBaseUnits)) throw new RangeError(`not enough ${quote.assetIn}: ${formatUnits(free, this.page.assets.get(quote.assetIn))} free`);
    } catch (error) {
      element("swap-check").textContent = this.page.describeError(error);
      return;
    }
    const what = `Swap ${quote.amountIn} ${quote.assetIn} for ${quote.assetOut}`;
    this.sending = true;
    element("swap-submit").disabled = true;
    try {
      const result = await this.page.send([action], what);
      const routed = result?.events?.find((event) => event.kind === "routed");
      if (result?.code === "ok" && routed !== undefined) {
        const received = `${routed.details.amount_out} ${quote.assetOut}`;
        element("swap-result").textContent = `Received ${received} for ${routed.details.amount_in} ${quote.assetIn} at height ${result.height}`;
        this.page.notify(`${what}: received ${received}`, "ok");
      } else if (result !== null) {
        element("swap-result").textContent = `Not swapped: ${result.code}: ${result.message ?? ""}`;
      }
    } catch (error) {
      this.page.notify(`${what}: ${this.page.describeError(error)}`, "failed");
    } finally {
      this.sending = false;
      this.scheduleQuote();
    }
  }

  // The oracle.

  async loadOracle() {
    const [oracle, status] = await Promise.all([getJSON("/v1/oracle"), getJSON("/v1/status")]);
    const parameters = oracle.parameters;
    element("oracle-parameters").textContent = parameters == null
      ? "The oracle is not configured on this chain."
      : `Prices in ${parameters.quoteAsset} · stale after ${age(parameters.stalenessMs)} · at least ${parameters.minimumReporters} reporters` +
        ` · at most ${parameters.maximumMoveBasisPoints / 100}% move a block · TWAP over ${age(parameters.twapWindowMs)}` +
        ` · ${oracle.reporters.length} reporters registered · block time ${status.latestBlockTime}`;
    const prices = element("oracle-prices").tBodies[0];
    const observations = element("oracle-observations").tBodies[0];
    prices.replaceChildren();
    observations.replaceChildren();
    for (const price of oracle.prices) {
      const newest = Math.max(0, ...price.observations.map((observation) => observation.timeMs));
      const row = fillRow(prices.insertRow(), [price.asset, price.price, price.twap, String(price.reporterCount),
        newest > 0 ? `${age(status.latestBlockTimeMs - newest)} ago` : null, price.height == null ? null : String(price.height),
        price.stale ? "stale" : "fresh"]);
      row.dataset.asset = price.asset;
      row.cells[6].className = price.stale ? "sell" : "buy";
      if (price.unclampedPrice != null) row.cells[1].title = `unclamped median ${price.unclampedPrice}`;
      for (const observation of price.observations) {
        const line = fillRow(observations.insertRow(), [price.asset, `${observation.reporter.slice(0, 10)}…${observation.reporter.slice(-6)}`,
          observation.price, `${age(status.latestBlockTimeMs - observation.timeMs)} ago`, String(observation.height),
          observation.fresh ? "fresh" : "stale"]);
        line.cells[5].className = observation.fresh ? "buy" : "sell";
      }
    }
  }

  // The option chain.

  async loadChain() {
    if (this.underlying === null) {
      const { options } = await getJSON("/v1/options");
      const underlyings = [...new Set(options.map((series) => series.underlying))].sort();
      if (underlyings.length === 0) {
        element("options-summary").textContent = "No option series on this chain.";
        return;
      }
      element("options-underlying").replaceChildren(...underlyings.map((symbol) => new Option(symbol, symbol)));
      this.underlying = underlyings.includes("BTC") ? "BTC" : underlyings[0];
      element("options-underlying").value = this.underlying;
    }
    const expiry = this.expiry === null ? "" : `&expiry=${this.expiry}`;
    const chain = await getJSON(`/v1/options/chain?underlying=${this.underlying}${expiry}`);
    if (chain.underlying !== this.underlying) return;
    const expiries = element("options-expiry");
    const wanted = chain.expiries.map(String);
    if ([...expiries.options].map((option) => option.value).join() !== wanted.join()) {
      expiries.replaceChildren(...chain.expiries.map((ms) => new Option(new Date(ms).toISOString().slice(0, 16).replace("T", " "), String(ms))));
    }
    expiries.value = String(chain.expiryMs);
    element("options-summary").textContent =
      `spot ${chain.spot ?? "—"} ${chain.quote} · expiry ${chain.expiry}` + (chain.stale ? " · stale price or surface: marks and Greeks may be missing" : "");
    const body = element("option-chain").tBodies[0];
    body.replaceChildren();
    const quote = (side, price, size) => (price === undefined || price === null ? "—" : `${price} (${shorten(size, 4)})`);
    const iv = (value) => (value === undefined || value === null ? null : `${(Number(value) * 100).toFixed(1)}%`);
    for (const strike of chain.rows) {
      const call = strike.call ?? {};
      const put = strike.put ?? {};
      const row = fillRow(body.insertRow(), [
        shorten(call.delta ?? "—", 3), iv(call.markIv), quote("bid", call.bid, call.bidSize), shorten(call.markPrice ?? "—", 2),
        quote("ask", call.ask, call.askSize), strike.strike, quote("bid", put.bid, put.bidSize), shorten(put.markPrice ?? "—", 2),
        quote("ask", put.ask, put.askSize), iv(put.markIv), shorten(put.delta ?? "—", 3)]);
      row.cells[5].className = "strike";
      row.dataset.strike = strike.strike;
      // Bid, mark and ask open the series on the trading screen: sell at the bid, buy at the ask
      // or (from the mark) buy at a price of one's own.
      for (const [series, first] of [[strike.call, 2], [strike.put, 6]]) {
        if (series === undefined || series === null) continue;
        row.cells[first + 1].title = `${series.market} (${series.status})`;
        for (const [offset, side, price] of [[0, "sell", series.bid], [1, "buy", null], [2, "buy", series.ask]]) {
          const cell = row.cells[first + offset];
          cell.classList.add("pick");
          cell.dataset.market = series.market;
          cell.addEventListener("click", () => this.page.trade(series.marketId, side, price ?? null));
        }
      }
    }
  }
}
