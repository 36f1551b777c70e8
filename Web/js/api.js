// The node's REST API and its WebSocket stream, as the page uses them.

import { toBase64 } from "./encoding.js";

/** A refusal from the node: its result or error code and message. */
export class NodeError extends Error {
  constructor(code, message, status) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

export async function getJSON(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { "content-type": "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new NodeError(body.code ?? "http_error", body.message ?? `HTTP ${response.status}`, response.status);
  return body;
}

export function postJSON(path, value) {
  return getJSON(path, { method: "POST", body: JSON.stringify(value) });
}

/** Submits a signed transaction's bytes; resolves with `{id, status}` once the mempool admits it. */
export function submitTransaction(signedBytes) {
  return postJSON("/v1/tx", { tx: toBase64(signedBytes) });
}

/** Polls `/v1/tx/{id}` until the transaction commits (or `timeoutMs` passes); resolves with its status. */
export async function waitForCommit(id, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  let delay = 200;
  while (Date.now() < deadline) {
    const status = await getJSON(`/v1/tx/${id}`);
    if (status.status === "committed") return status;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.5, 1500);
  }
  throw new NodeError("timeout", `transaction ${id.slice(0, 12)}… did not commit within ${timeoutMs / 1000} s`, 0);
}

/**
 * The `/v1/stream` WebSocket: keeps a set of subscriptions, reconnects after a drop (subscribing
 * again to all of them) and hands every message to `onMessage`.
 */
export class Stream {
  constructor(onMessage, onState) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.subscriptions = new Map();
    this.socket = null;
    this.retryDelay = 500;
    this.connect();
  }

  static key(request) {
    return [request.channel, request.market ?? "", request.resolution ?? "", request.address ?? ""].join("|");
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/v1/stream`);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.retryDelay = 500;
      this.onState("live");
      for (const request of this.subscriptions.values()) this.send({ op: "subscribe", ...request });
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(message);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.onState("reconnecting");
      setTimeout(() => this.connect(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 10000);
    });
  }

  send(value) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(value));
  }

  subscribe(request) {
    this.subscriptions.set(Stream.key(request), request);
    this.send({ op: "subscribe", ...request });
  }

  unsubscribe(request) {
    if (!this.subscriptions.delete(Stream.key(request))) return;
    this.send({ op: "unsubscribe", ...request });
  }

  /** Unsubscribes and subscribes again: the node then sends a fresh snapshot (a book after a gap). */
  resubscribe(request) {
    this.send({ op: "unsubscribe", ...request });
    this.subscribe(request);
  }
}
