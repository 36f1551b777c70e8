// The order book as a ladder, kept from the stream's `book` channel: a snapshot, then one update
// per block with the changed levels and a sequence one higher each time. A skipped sequence means
// a lost update, so the book is unusable until a new snapshot arrives (the caller re-subscribes).

import { shorten } from "./decimal.js";

export class BookState {
  constructor() {
    this.clear();
  }

  clear() {
    this.bids = new Map();
    this.asks = new Map();
    this.sequence = null;
  }

  /** A `book_snapshot` message (or the REST book, which carries the same sequence). */
  reset(snapshot) {
    this.clear();
    this.sequence = snapshot.sequence;
    for (const level of snapshot.bids) this.bids.set(level.priceTicks, level);
    for (const level of snapshot.asks) this.asks.set(level.priceTicks, level);
  }

  /**
   * A `book_update` message. Returns "applied", "stale" (already included in the snapshot) or
   * "gap" (an update was missed: re-subscribe).
   */
  apply(update) {
    if (this.sequence === null) return "stale";
    if (update.sequence <= this.sequence) return "stale";
    if (update.sequence !== this.sequence + 1) {
      this.sequence = null;
      return "gap";
    }
    this.sequence = update.sequence;
    for (const [levels, side] of [[update.bids, this.bids], [update.asks, this.asks]]) {
      for (const level of levels ?? []) {
        if (level.sizeLots === "0" || Number(level.size) === 0) side.delete(level.priceTicks);
        else side.set(level.priceTicks, level);
      }
    }
    return "applied";
  }

  /** The best `count` levels of each side, best first. */
  top(count) {
    const bids = [...this.bids.values()].sort((a, b) => b.priceTicks - a.priceTicks).slice(0, count);
    const asks = [...this.asks.values()].sort((a, b) => a.priceTicks - b.priceTicks).slice(0, count);
    return { bids, asks };
  }
}

function levelRow(level, cumulative, maximum, ownPrices, sizePlaces) {
  const row = document.createElement("div");
  row.className = ownPrices.has(level.priceTicks) ? "level own" : "level";
  row.dataset.price = level.price;
  const bar = document.createElement("div");
  bar.className = "bar";
  bar.style.width = `${maximum > 0 ? Math.min(100, (cumulative / maximum) * 100) : 0}%`;
  row.append(bar);
  for (const text of [level.price, shorten(level.size, sizePlaces), shorten(String(cumulative), sizePlaces)]) {
    const cell = document.createElement("span");
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

/**
 * Draws the ladder: asks above (best at the bottom), the spread, bids below; each row's bar is the
 * cumulative size from the best price, relative to the deeper side's total. Sizes are only drawn,
 * never computed with, so floating point is fine here.
 */
export function renderBook(state, elements, { levels = 14, ownPrices = new Set(), sizePlaces = 4 } = {}) {
  const { bids, asks } = state.top(levels);
  const cumulate = (side) => {
    let total = 0;
    return side.map((level) => (total += Number(level.size)));
  };
  const bidTotals = cumulate(bids);
  const askTotals = cumulate(asks);
  const maximum = Math.max(bidTotals.at(-1) ?? 0, askTotals.at(-1) ?? 0);
  elements.asks.replaceChildren(
    ...asks.map((level, index) => levelRow(level, askTotals[index], maximum, ownPrices, sizePlaces)).reverse());
  elements.bids.replaceChildren(
    ...bids.map((level, index) => levelRow(level, bidTotals[index], maximum, ownPrices, sizePlaces)));
  if (bids.length > 0 && asks.length > 0) {
    const spread = Number(asks[0].price) - Number(bids[0].price);
    const middle = (Number(asks[0].price) + Number(bids[0].price)) / 2;
    elements.spread.textContent = `spread ${spread.toPrecision(6).replace(/\.?0+$/, "")} (${((spread / middle) * 100).toFixed(3)}%)`;
  } else {
    elements.spread.textContent = state.sequence === null ? "loading…" : "no quotes on one side";
  }
}
