// The candle chart, drawn on a canvas by the page itself: candles above, volume bars below, the
// price scale on the right and times along the bottom. Prices are only drawn, so floating point
// is fine here; candles come from the API as decimal strings.

const resolutionMilliseconds = { "1m": 60e3, "5m": 300e3, "15m": 900e3, "1h": 3600e3, "4h": 14400e3, "1d": 86400e3 };

export class CandleChart {
  constructor(canvas, legend) {
    this.canvas = canvas;
    this.legend = legend;
    this.candles = new Map();
    this.resolution = "1m";
    this.pending = false;
    new ResizeObserver(() => this.schedule()).observe(canvas);
  }

  /** Replaces every candle (a new market or resolution). */
  setCandles(candles, resolution) {
    this.resolution = resolution;
    this.candles = new Map(candles.map((candle) => [candle.startMs, candle]));
    this.schedule();
  }

  /** A candle from the stream: the newest interval grows, or a new one starts. */
  upsert(candle) {
    this.candles.set(candle.startMs, candle);
    if (this.candles.size > 2000) this.candles.delete(Math.min(...this.candles.keys()));
    this.schedule();
  }

  /** Draws at most once per frame however many candles arrive. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const style = getComputedStyle(document.documentElement);
    const colors = {
      text: style.getPropertyValue("--muted").trim(),
      line: style.getPropertyValue("--line").trim(),
      up: style.getPropertyValue("--buy").trim(),
      down: style.getPropertyValue("--sell").trim(),
    };
    context.font = "11px ui-monospace, monospace";
    const scaleWidth = 64;
    const timeHeight = 16;
    const plotWidth = width - scaleWidth;
    const priceHeight = (height - timeHeight) * 0.78;
    const volumeTop = priceHeight + 4;
    const volumeHeight = height - timeHeight - volumeTop;
    const slot = 8;
    const count = Math.max(1, Math.floor(plotWidth / slot));
    const step = resolutionMilliseconds[this.resolution];
    const sorted = [...this.candles.values()].sort((a, b) => a.startMs - b.startMs);
    if (sorted.length === 0) {
      context.fillStyle = colors.text;
      context.fillText("no trades in this market yet", 12, 20);
      this.legend.textContent = "";
      return;
    }
    // The newest interval sits at the right edge; intervals without trades stay empty.
    const lastStart = sorted.at(-1).startMs;
    const firstStart = lastStart - (count - 1) * step;
    const visible = sorted.filter((candle) => candle.startMs >= firstStart);
    let low = Infinity;
    let high = -Infinity;
    let volumeMax = 0;
    for (const candle of visible) {
      low = Math.min(low, Number(candle.low));
      high = Math.max(high, Number(candle.high));
      volumeMax = Math.max(volumeMax, Number(candle.baseVolume));
    }
    if (high === low) {
      high += Math.max(1, high * 0.001);
      low -= Math.max(1, low * 0.001);
    }
    const padding = (high - low) * 0.08;
    high += padding;
    low -= padding;
    const y = (price) => 8 + ((high - price) / (high - low)) * (priceHeight - 8);
    const x = (start) => plotWidth - ((lastStart - start) / step + 1) * slot + slot / 2;

    // The price scale: five levels.
    context.strokeStyle = colors.line;
    context.fillStyle = colors.text;
    context.lineWidth = 1;
    for (let index = 0; index <= 4; index += 1) {
      const price = low + ((high - low) * index) / 4;
      const level = Math.round(y(price)) + 0.5;
      context.beginPath();
      context.moveTo(0, level);
      context.lineTo(plotWidth, level);
      context.stroke();
      context.fillText(price.toPrecision(7).replace(/\.?0+$/, ""), plotWidth + 4, level + 4);
    }
    // Times: about every 100 pixels.
    const every = Math.max(1, Math.round(100 / slot));
    for (let index = 0; index < count; index += every) {
      const start = lastStart - index * step;
      const date = new Date(start);
      const text = step >= 86400e3 ? date.toISOString().slice(5, 10) : date.toISOString().slice(11, 16);
      context.fillText(text, x(start) - 14, height - 3);
    }
    for (const candle of visible) {
      const [open, close] = [Number(candle.open), Number(candle.close)];
      const color = close >= open ? colors.up : colors.down;
      const center = Math.round(x(candle.startMs)) + 0.5;
      context.strokeStyle = color;
      context.fillStyle = color;
      context.beginPath();
      context.moveTo(center, y(Number(candle.high)));
      context.lineTo(center, y(Number(candle.low)));
      context.stroke();
      const top = y(Math.max(open, close));
      context.fillRect(center - 2.5, top, 5, Math.max(1, y(Math.min(open, close)) - top));
      const volume = volumeMax > 0 ? (Number(candle.baseVolume) / volumeMax) * volumeHeight : 0;
      context.globalAlpha = 0.45;
      context.fillRect(center - 2.5, volumeTop + volumeHeight - volume, 5, volume);
      context.globalAlpha = 1;
    }
    const last = sorted.at(-1);
    this.legend.textContent =
      `O ${last.open} H ${last.high} L ${last.low} C ${last.close} V ${last.baseVolume} (${last.trades} ${last.trades === 1 ? "trade" : "trades"})`;
  }
}
