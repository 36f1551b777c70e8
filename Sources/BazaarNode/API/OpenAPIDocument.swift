import BazaarCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
///
/// Tests check that every route is described and that each schema lists
/// exactly the keys its `BazaarAPI` type encodes, so the document cannot drift.
enum OpenAPIDocument {
    /// The document, with the event kinds of `Event.allKinds` in `EventJSON`'s `kind` enum.
    static let json = template.replacingOccurrences(
        of: #"["$eventKinds"]"#, with: "[" + Event.allKinds.map { "\"\($0)\"" }.joined(separator: ", ") + "]")

    /// Each path of the document, split into segments (`{name}` matches any one), with the methods
    /// it declares.
    static let declaredMethods: [(segments: [Substring], methods: [HTTPRequest.Method])] = {
        // The document is a constant checked by OpenAPIDocumentTests; failing to parse it is a bug.
        let document = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let paths = document["paths"] as! [String: [String: Any]]
        return paths.keys.sorted().map { path in
            (
                path.split(separator: "/"),
                paths[path]!.keys.sorted().compactMap { HTTPRequest.Method($0.uppercased()) }
            )
        }
    }()

    /// The methods the document declares for a request path, nil for a path it does not describe.
    static func methods(at path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        return declaredMethods.first { declared in
            declared.segments.count == segments.count
                && zip(declared.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods
    }

    private static let template = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Bazaar node API",
            "version": "1.0.0",
            "description": "REST and WebSocket API of a Bazaar node. Money and amounts are decimal strings, never JSON numbers. Hashes are lowercase hex; accounts are bech32 addresses with the bz prefix. Every error is JSON {code, message}."
          },
          "paths": {
            "/v1/status": {
              "get": {
                "summary": "Chain id, height, application hash and latest block time",
                "responses": {
                  "200": {"description": "Node status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatusResponse"}}}}
                }
              }
            },
            "/v1/tx": {
              "post": {
                "summary": "Submit a signed transaction (canonical bytes, base64)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubmitTransactionRequest"}}}},
                "responses": {
                  "202": {"description": "Admitted to the mempool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubmitTransactionResponse"}}}},
                  "400": {"description": "Malformed JSON, bad base64, non-canonical bytes, wrong chain id, bad signature (bad_signature), a small-order or non-canonical public key (weak_key), too large or too many actions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "409": {"description": "Already pending (duplicate), or the sender already has a pending transaction with this nonce (nonce_pending): nothing is replaced, whatever the fee", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "413": {"description": "Body over 64 KiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "422": {"description": "Stale or future nonce, expired, fee too low or not covered", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "503": {"description": "Mempool full", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/txs": {
              "post": {
                "summary": "Submit up to 1000 signed transactions at once; each is admitted as if posted alone to /v1/tx, in order",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubmitTransactionsRequest"}}}},
                "responses": {
                  "200": {"description": "One result per transaction, in order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubmitTransactionsResponse"}}}},
                  "400": {"description": "Malformed JSON or more than 1000 transactions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "413": {"description": "Body over 1 MiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/tx/{id}": {
              "get": {
                "summary": "A transaction's status: pending, committed (with height and result code) or unknown",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}}],
                "responses": {
                  "200": {"description": "Status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TransactionResponse"}}}},
                  "400": {"description": "Not a transaction id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}": {
              "get": {
                "summary": "Nonce and balances of an account (empty for an unused address)",
                "parameters": [{"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}}],
                "responses": {
                  "200": {"description": "Account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/orders": {
              "get": {
                "summary": "An account's open orders by market and id: resting, and on batch markets those waiting for the end of the block",
                "parameters": [
                  {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}},
                  {"name": "market", "in": "query", "required": false, "description": "Only this market: BASE-QUOTE or its id", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "Open orders", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrdersResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_market: no such market", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/margin": {
              "get": {
                "summary": "An account's margin: equity, initial and maintenance requirements, health factor, weighted collateral, perpetual positions with PnL and liquidation prices, and lending debts; figures in the oracle's quote asset",
                "parameters": [{"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}}],
                "responses": {
                  "200": {"description": "Margin account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarginAccountResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/margin/scenarios": {
              "get": {
                "summary": "An account's portfolio margin: per underlying in which it holds an option, the PnL of its options, perpetuals and weighted collateral in each scenario (spot shock × volatility shock, plus dampened tails), the worst one, the short-option add-on and the requirements (docs/OPTIONS.md, Portfolio margin)",
                "parameters": [{"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}}],
                "responses": {
                  "200": {"description": "Scenario matrix", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarginScenariosResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "422": {"description": "amount_overflow: the account's value does not fit in 128 bits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/margin/simulate": {
              "post": {
                "summary": "The portfolio margin of hypothetical positions (option series or perpetuals by name or id, signed sizes in whole units of the underlying, traded at the mark with no fees), optionally added to an account's holdings; no transaction",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarginSimulationRequest"}}}},
                "responses": {
                  "200": {"description": "Scenario matrix and requirements", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarginScenariosResponse"}}}},
                  "400": {"description": "Bad input: not JSON, more than 64 positions, an unknown or settled market, a malformed or zero size, a bad address, or figures past 128 bits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "413": {"description": "Body over 16 KiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/markets/{market}/funding": {
              "get": {
                "summary": "A perpetual market's funding (last and predicted rate, index, impact bid and ask, next funding time), open interest and margin rules",
                "parameters": [{"name": "market", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "Funding", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FundingResponse"}}}},
                  "404": {"description": "unknown_market: no such market, or not a perpetual", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/perpetuals": {
              "get": {
                "summary": "Every perpetual market's funding and margin rules, by market id",
                "responses": {
                  "200": {"description": "Perpetuals", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PerpetualsResponse"}}}}
                }
              }
            },
            "/v1/options": {
              "get": {
                "summary": "Every option series (settled ones included), by market id: terms, status, mark, open interest and settlement price (docs/OPTIONS.md)",
                "responses": {
                  "200": {"description": "Option series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OptionsResponse"}}}}
                }
              }
            },
            "/v1/options/chain": {
              "get": {
                "summary": "The option chain of one underlying and expiry: strikes in rows, call and put per row with best bid and ask, mark, implied volatilities (bid, ask, mid, and the surface's) and Greeks at the oracle price (docs/OPTIONS.md)",
                "parameters": [
                  {"name": "underlying", "in": "query", "required": true, "description": "The underlying asset, e.g. BTC", "schema": {"type": "string", "minLength": 1}},
                  {"name": "expiry", "in": "query", "required": false, "description": "Milliseconds since the epoch, or a UTC date YYYY-MM-DD (the first expiry that day); default: the first expiry after the block time", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "Option chain", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OptionChainResponse"}}}},
                  "400": {"description": "underlying missing, or expiry neither milliseconds nor a date YYYY-MM-DD", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_asset: no such underlying; unknown_series: it has no series, or none at that expiry (the message lists the expiries)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/markets": {
              "get": {
                "summary": "Every spot market: rules (lot, tick, minimum, fees, mode), last price and best bid and ask",
                "responses": {
                  "200": {"description": "Markets", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarketsResponse"}}}}
                }
              }
            },
            "/v1/markets/{market}": {
              "get": {
                "summary": "One market, named BASE-QUOTE (e.g. BTC-USD, any letter case) or by its id",
                "parameters": [{"name": "market", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "Market", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MarketJSON"}}}},
                  "404": {"description": "unknown_market: no such market (the message lists them)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/markets/{market}/book": {
              "get": {
                "summary": "The book after the latest block, aggregated by price, best levels first, with the book's sequence number (as on the stream's book channel)",
                "parameters": [
                  {"name": "market", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "depth", "in": "query", "required": false, "description": "Levels per side", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}}
                ],
                "responses": {
                  "200": {"description": "Book", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BookResponse"}}}},
                  "400": {"description": "depth is not a whole number from 1 to 1000", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_market: no such market", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/markets/{market}/trades": {
              "get": {
                "summary": "Prints, newest first: continuous trades and batch auctions (one print per auction); older pages through the before cursor",
                "parameters": [
                  {"name": "market", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older prints", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "Trades", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TradesResponse"}}}},
                  "400": {"description": "limit is not a whole number from 1 to 1000; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_market: no such market", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/markets/{market}/candles": {
              "get": {
                "summary": "Candles (open, high, low, close, volumes, trade count) of one resolution, newest first; intervals are aligned to UTC and an interval without a print has no candle",
                "parameters": [
                  {"name": "market", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "resolution", "in": "query", "required": true, "schema": {"type": "string", "enum": ["1m", "5m", "15m", "1h", "4h", "1d"]}},
                  {"name": "from", "in": "query", "required": false, "description": "Only candles starting at or after this time (Unix milliseconds)", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}},
                  {"name": "to", "in": "query", "required": false, "description": "Only candles starting at or before this time (Unix milliseconds); not before from", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1500, "default": 500}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older candles", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "Candles", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CandlesResponse"}}}},
                  "400": {"description": "resolution missing or not one of 1m, 5m, 15m, 1h, 4h, 1d; from after to; limit not from 1 to 1500; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_market: no such market", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/fills": {
              "get": {
                "summary": "An account's fills (its side of each, with fee and liquidity), newest first",
                "parameters": [
                  {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}},
                  {"name": "market", "in": "query", "required": false, "description": "Only this market: BASE-QUOTE or its id", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older rows", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "A page, newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FillsResponse"}}}},
                  "400": {"description": "Not a bz1 address; limit not from 1 to 1000; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_account: no history and no state of the account; unknown_market or unknown_asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/orders/history": {
              "get": {
                "summary": "An account's orders over their whole life (open, filled, cancelled, expired), newest placed first",
                "parameters": [
                  {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}},
                  {"name": "market", "in": "query", "required": false, "description": "Only this market: BASE-QUOTE or its id", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older rows", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "A page, newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderHistoryResponse"}}}},
                  "400": {"description": "Not a bz1 address; limit not from 1 to 1000; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_account: no history and no state of the account; unknown_market or unknown_asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/funding": {
              "get": {
                "summary": "An account's funding payments per perpetual, newest first",
                "parameters": [
                  {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}},
                  {"name": "market", "in": "query", "required": false, "description": "Only this market: BASE-QUOTE or its id", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older rows", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "A page, newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FundingPaymentsResponse"}}}},
                  "400": {"description": "Not a bz1 address; limit not from 1 to 1000; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_account: no history and no state of the account; unknown_market or unknown_asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/ledger": {
              "get": {
                "summary": "An account's balance changes, netted per step of a block, account, asset and bucket, with their cause; newest first",
                "parameters": [
                  {"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}},
                  {"name": "asset", "in": "query", "required": false, "description": "Only this asset", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                  {"name": "before", "in": "query", "required": false, "description": "A previous page's next: the page of older rows", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                ],
                "responses": {
                  "200": {"description": "A page, newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LedgerResponse"}}}},
                  "400": {"description": "Not a bz1 address; limit not from 1 to 1000; bad_cursor: before is malformed, altered or another query's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_account: no history and no state of the account; unknown_market or unknown_asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/history/blocks": {
              "get": {
                "summary": "The history feed an indexer follows: consecutive blocks' history rows and prints, in the canonical binary encoding of HistoryFeedPage (docs/INDEXER.md)",
                "parameters": [
                  {"name": "after", "in": "query", "required": false, "description": "The last height the reader has; without it the page starts at the genesis, height 0", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775806}},
                  {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100}}
                ],
                "responses": {
                  "200": {"description": "Up to limit consecutive blocks from after + 1, read in one read transaction; none above the node's history height", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                  "400": {"description": "after is not a height; limit not from 1 to 100", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/htlcs": {
              "get": {
                "summary": "The newest HTLCs (up to 100), newest first, under a hashlock and/or of an account (sender or recipient)",
                "parameters": [
                  {"name": "hashlock", "in": "query", "required": false, "description": "64 hex digits", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}},
                  {"name": "account", "in": "query", "required": false, "description": "A bz1 address", "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$"}}
                ],
                "responses": {
                  "200": {"description": "HTLCs", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTLCsResponse"}}}},
                  "400": {"description": "Not a hashlock or not an address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/htlcs/{id}": {
              "get": {
                "summary": "An HTLC: amount, hashlock, timeout (block time), status, and the preimage once claimed",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "HTLC", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTLCJSON"}}}},
                  "400": {"description": "Not an id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_htlc", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/swap-offers": {
              "get": {
                "summary": "Cross-ledger swap offers posted on this ledger (up to 100), newest first",
                "parameters": [{"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["open", "taken", "cancelled", "expired", "all"], "default": "open"}}],
                "responses": {
                  "200": {"description": "Offers", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SwapOffersResponse"}}}},
                  "400": {"description": "Unknown status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/swap-offers/{id}": {
              "get": {
                "summary": "A swap offer, with its taker and HTLC once taken",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "Offer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SwapOfferJSON"}}}},
                  "400": {"description": "Not an id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_swap_offer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/escrows": {
              "get": {
                "summary": "Peer-to-peer trade escrows (up to 100), newest first, and the registered mediators and arbitrators",
                "parameters": [
                  {"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["offered", "taken", "payment_sent", "mediation", "arbitration", "completed", "cancelled", "expired", "refunded", "settled", "all"], "default": "all"}},
                  {"name": "account", "in": "query", "required": false, "description": "Seller, buyer, mediator or arbitrator", "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$"}}
                ],
                "responses": {
                  "200": {"description": "Escrows", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TradeEscrowsResponse"}}}},
                  "400": {"description": "Unknown status or not an address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/escrows/{id}": {
              "get": {
                "summary": "A trade escrow: terms, parties, status, deadlines (block time) and the mediator's proposal",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "Escrow", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TradeEscrowJSON"}}}},
                  "400": {"description": "Not an id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_trade", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/oracle": {
              "get": {
                "summary": "The oracle: parameters, registered reporters and every reported asset's price, staleness and TWAP",
                "responses": {
                  "200": {"description": "Oracle", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OracleResponse"}}}}
                }
              }
            },
            "/v1/oracle/{asset}": {
              "get": {
                "summary": "One asset's oracle price, staleness, TWAP, each reporter's latest observation and the recent history (newest first)",
                "parameters": [
                  {"name": "asset", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "history", "in": "query", "required": false, "description": "History points", "schema": {"type": "integer", "minimum": 0, "maximum": 256, "default": 20}}
                ],
                "responses": {
                  "200": {"description": "Price", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OraclePriceJSON"}}}},
                  "400": {"description": "history is not a whole number from 0 to 256", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_asset, or stale_price: the oracle has no observations of the asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/oracle/vol/{asset}": {
              "get": {
                "summary": "One underlying's implied volatility surface: each listed expiry's smile at the fixed moneyness points (strike / spot), its fresh reports and staleness",
                "parameters": [{"name": "asset", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "Surface (no expiries yet: an empty list)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VolatilitySurfaceJSON"}}}},
                  "404": {"description": "unknown_asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/lending": {
              "get": {
                "summary": "Every lending pool with interest accrued to the latest block: supplied, borrowed, utilization, rates and indexes",
                "responses": {
                  "200": {"description": "Pools", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LendingPoolsResponse"}}}}
                }
              }
            },
            "/v1/lending/{asset}": {
              "get": {
                "summary": "One lending pool",
                "parameters": [{"name": "asset", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "Pool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LendingPoolJSON"}}}},
                  "404": {"description": "unknown_asset or unknown_lending_pool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/accounts/{address}/lending": {
              "get": {
                "summary": "What an account supplied to and owes each lending pool, interest included",
                "parameters": [{"name": "address", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}}],
                "responses": {
                  "200": {"description": "Positions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LendingPositionsResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/pools": {
              "get": {
                "summary": "Every AMM pool: assets, curve (constant_product or concentrated), fee, reserves and price",
                "responses": {
                  "200": {"description": "Pools", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PoolsResponse"}}}}
                }
              }
            },
            "/v1/pools/{id}": {
              "get": {
                "summary": "One pool by id",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "Pool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PoolJSON"}}}},
                  "404": {"description": "unknown_pool: no such pool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/quote": {
              "get": {
                "summary": "The best route for an amount across pools and continuous markets' books (direct and two-hop paths): legs, split, expected output, price impact and fees",
                "parameters": [
                  {"name": "in", "in": "query", "required": true, "description": "Input asset, e.g. USD", "schema": {"type": "string"}},
                  {"name": "out", "in": "query", "required": true, "description": "Output asset, e.g. BTC", "schema": {"type": "string"}},
                  {"name": "amount", "in": "query", "required": true, "description": "Input amount in whole units, e.g. 1000", "schema": {"type": "string", "pattern": "^[0-9]{1,20}(\\.[0-9]{1,18})?$"}}
                ],
                "responses": {
                  "200": {"description": "Quote", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuoteResponse"}}}},
                  "400": {"description": "missing parameter, bad amount, or the same asset in and out", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "unknown_asset, or insufficient_liquidity: no route takes the amount", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/assets": {
              "get": {
                "summary": "Every asset with issuer, decimals and supply",
                "responses": {
                  "200": {"description": "Assets", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssetsResponse"}}}}
                }
              }
            },
            "/v1/blocks/{height}": {
              "get": {
                "summary": "A committed block with its transactions' results",
                "parameters": [{"name": "height", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "Block", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BlockResponse"}}}},
                  "400": {"description": "Not a height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "No block at that height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/blocks/{height}/results": {
              "get": {
                "summary": "Only the ids and result codes of a block's transactions, for indexers that follow every block",
                "parameters": [{"name": "height", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615}}],
                "responses": {
                  "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BlockResultsResponse"}}}},
                  "400": {"description": "Not a height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "No block at that height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/stream": {
              "get": {
                "summary": "WebSocket stream. Send StreamRequest frames ({\"op\":\"subscribe\",\"channel\":\"blocks\"}, {\"op\":\"subscribe\",\"channel\":\"account\",\"address\":\"bz1...\"}, {\"op\":\"subscribe\",\"channel\":\"book\",\"market\":\"BTC-USD\",\"depth\":20} or {\"op\":\"subscribe\",\"channel\":\"trades\",\"market\":\"BTC-USD\"}); receive StreamMessage frames of type subscribed, unsubscribed, block, account_event, book_snapshot, book_update, trade or error. A book subscription gets a book_snapshot (levels and a sequence number), then one book_update per committed block that changed the book, with the sequence one higher each time and the changed levels within the depth (size 0 removes a level); a client that sees a skipped sequence re-subscribes. At most 32 account and 32 book or trade subscriptions per connection; a client more than 4096 messages or 1 MiB behind is disconnected, and so is one whose socket stays unwritable for 10 seconds. While more than 64 KiB wait to be written to a client, its next request is not read. A client frame must be masked (RFC 6455) and at most 4 KiB.",
                "responses": {
                  "101": {"description": "Switching to the WebSocket protocol; frames are StreamRequest in, StreamMessage out", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamMessage"}}}},
                  "400": {"description": "An upgrade request the WebSocket handshake refuses, or the stream is at its connection limit"},
                  "426": {"description": "A plain GET without the WebSocket upgrade headers", "headers": {"Upgrade": {"schema": {"type": "string", "const": "websocket"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/openapi.json": {
              "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 document"}}}
            },
            "/v1/faucet": {
              "get": {
                "summary": "The devnet faucet: what one grant transfers and the rate limits (devnet only)",
                "responses": {
                  "200": {"description": "The faucet's grant and limits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FaucetInfoResponse"}}}},
                  "403": {"description": "No faucet: this node is not a devnet (faucet_disabled)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              },
              "post": {
                "summary": "Fund an address from the devnet faucet (devnet only; once per address per interval, and a global limit)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FaucetRequest"}}}},
                "responses": {
                  "202": {"description": "The grant's transfer is in the mempool", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FaucetGrantResponse"}}}},
                  "400": {"description": "Malformed JSON or not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "403": {"description": "No faucet: this node is not a devnet (faucet_disabled)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "413": {"description": "Body over 64 KiB", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "429": {"description": "Rate limited (rate_limited): this address was funded recently, or the faucet's global limit is reached", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "503": {"description": "The node refused the faucet's transfer (e.g. the faucet ran dry, or a full mempool)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/metrics": {
              "get": {"summary": "Prometheus metrics in the text exposition format", "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
            }
          },
          "components": {
            "schemas": {
              "OracleResponse": {
                "type": "object", "required": ["reporters", "prices"],
                "properties": {
                  "parameters": {"$ref": "#/components/schemas/OracleParametersJSON"},
                  "reporters": {"type": "array", "items": {"type": "string"}},
                  "prices": {"type": "array", "items": {"$ref": "#/components/schemas/OraclePriceJSON"}}
                }
              },
              "OracleParametersJSON": {
                "type": "object", "required": ["quoteAsset", "stalenessMs", "minimumReporters", "maximumMoveBasisPoints", "twapWindowMs"],
                "properties": {
                  "quoteAsset": {"type": "string"}, "stalenessMs": {"type": "integer"}, "minimumReporters": {"type": "integer"},
                  "maximumMoveBasisPoints": {"type": "integer", "description": "Most the price moves per block"}, "twapWindowMs": {"type": "integer"}
                }
              },
              "OraclePriceJSON": {
                "type": "object", "required": ["asset", "quoteAsset", "stale", "reporterCount", "observations", "history"],
                "properties": {
                  "asset": {"type": "string"}, "quoteAsset": {"type": "string"},
                  "price": {"type": "string", "description": "Whole quote units per whole unit of the asset"},
                  "priceBaseUnits": {"type": "string", "description": "Quote base units per whole unit"},
                  "height": {"type": "integer"}, "stale": {"type": "boolean", "description": "Risk-increasing actions are refused while true"},
                  "twap": {"type": "string"}, "reporterCount": {"type": "integer"},
                  "unclampedPrice": {"type": "string", "description": "The median before the per-block move limit clamped it"},
                  "observations": {"type": "array", "items": {"$ref": "#/components/schemas/ObservationJSON"}},
                  "history": {"type": "array", "items": {"$ref": "#/components/schemas/PricePointJSON"}}
                }
              },
              "ObservationJSON": {
                "type": "object", "required": ["reporter", "price", "timeMs", "height", "fresh"],
                "properties": {
                  "reporter": {"type": "string"}, "price": {"type": "string"}, "timeMs": {"type": "integer"},
                  "height": {"type": "integer"}, "fresh": {"type": "boolean"}
                }
              },
              "PricePointJSON": {
                "type": "object", "required": ["height", "timeMs", "price"],
                "properties": {"height": {"type": "integer"}, "timeMs": {"type": "integer"}, "price": {"type": "string"}}
              },
              "VolatilitySurfaceJSON": {
                "type": "object", "required": ["asset", "timeMs", "parameters", "expiries"],
                "properties": {
                  "asset": {"type": "string"}, "timeMs": {"type": "integer", "description": "The latest block time"},
                  "parameters": {"$ref": "#/components/schemas/VolatilityParametersJSON"},
                  "expiries": {"type": "array", "items": {"$ref": "#/components/schemas/VolatilitySmileJSON"}}
                }
              },
              "VolatilityParametersJSON": {
                "type": "object", "required": ["stalenessMs", "minimumReporters", "maximumMoveBasisPoints", "moneyness"],
                "properties": {
                  "stalenessMs": {"type": "integer"}, "minimumReporters": {"type": "integer"},
                  "maximumMoveBasisPoints": {"type": "integer", "description": "Per point per block"},
                  "moneyness": {"type": "array", "items": {"type": "string"}, "description": "The fixed points, strike / spot as decimal fractions"}
                }
              },
              "VolatilitySmileJSON": {
                "type": "object", "required": ["expiryMs", "points", "freshReports", "reporterCount", "stale", "clamped"],
                "properties": {
                  "expiryMs": {"type": "integer"},
                  "points": {"type": "array", "items": {"$ref": "#/components/schemas/VolatilityPointJSON"}, "description": "Empty until enough fresh reports"},
                  "freshReports": {"type": "integer"}, "reporterCount": {"type": "integer", "description": "Fresh reports the latest aggregation used"},
                  "stale": {"type": "boolean", "description": "Risk-increasing option actions that need this smile are refused (stale_price) while true"},
                  "height": {"type": "integer"}, "updatedMs": {"type": "integer"}, "ageMs": {"type": "integer"},
                  "clamped": {"type": "boolean", "description": "The per-block move limit held back a point"}
                }
              },
              "VolatilityPointJSON": {
                "type": "object", "required": ["moneyness", "moneynessBasisPoints", "vol", "volPpm"],
                "properties": {
                  "moneyness": {"type": "string", "description": "Strike / spot, e.g. 0.95"}, "moneynessBasisPoints": {"type": "integer"},
                  "vol": {"type": "string", "description": "Annualized implied volatility as a decimal fraction, e.g. 0.65"},
                  "volPpm": {"type": "integer", "description": "Parts per million"}
                }
              },
              "LendingPoolsResponse": {
                "type": "object", "required": ["pools"],
                "properties": {"pools": {"type": "array", "items": {"$ref": "#/components/schemas/LendingPoolJSON"}}}
              },
              "LendingPoolJSON": {
                "type": "object",
                "required": ["asset", "supplied", "borrowed", "cash", "reserves", "writtenOff", "utilization", "borrowRate", "supplyRate", "borrowIndex", "supplyIndex", "baseRateBasisPoints", "slope1BasisPoints", "slope2BasisPoints", "kinkUtilizationBasisPoints", "reserveFactorBasisPoints"],
                "properties": {
                  "asset": {"type": "string"}, "supplied": {"type": "string"}, "borrowed": {"type": "string"},
                  "cash": {"type": "string"}, "reserves": {"type": "string"},
                  "writtenOff": {"type": "string", "description": "Debts written off in liquidations, cumulative"},
                  "utilization": {"type": "string", "description": "A decimal fraction"},
                  "borrowRate": {"type": "string", "description": "Annual, a decimal fraction"},
                  "supplyRate": {"type": "string", "description": "Annual, a decimal fraction"},
                  "borrowIndex": {"type": "string"}, "supplyIndex": {"type": "string"},
                  "baseRateBasisPoints": {"type": "integer"}, "slope1BasisPoints": {"type": "integer"},
                  "slope2BasisPoints": {"type": "integer"}, "kinkUtilizationBasisPoints": {"type": "integer"},
                  "reserveFactorBasisPoints": {"type": "integer"}
                }
              },
              "LendingPositionsResponse": {
                "type": "object", "required": ["address", "positions"],
                "properties": {"address": {"type": "string"}, "positions": {"type": "array", "items": {"$ref": "#/components/schemas/LendingPositionJSON"}}}
              },
              "LendingPositionJSON": {
                "type": "object", "required": ["asset", "supplied", "shares", "debt"],
                "properties": {"asset": {"type": "string"}, "supplied": {"type": "string"}, "shares": {"type": "string"}, "debt": {"type": "string"}}
              },
              "APIError": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "description": "A result code name such as bad_signature, weak_key, nonce_pending, or bad_request, not_found, payload_too_large, internal"}, "message": {"type": "string"}}
              },
              "StatusResponse": {
                "type": "object",
                "required": ["chainId", "height", "appHash", "latestBlockHash", "latestBlockTimeMs", "latestBlockTime", "feeAsset", "minimumFee", "mempoolTransactions", "validators", "connectedPeers", "consensusRound"],
                "properties": {
                  "chainId": {"type": "string"}, "height": {"type": "integer"}, "appHash": {"type": "string"},
                  "latestBlockHash": {"type": "string"}, "latestBlockTimeMs": {"type": "integer"},
                  "latestBlockTime": {"type": "string", "format": "date-time"}, "feeAsset": {"type": "string"},
                  "minimumFee": {"type": "string"}, "mempoolTransactions": {"type": "integer"},
                  "validators": {"type": "integer"}, "connectedPeers": {"type": "integer"},
                  "consensusRound": {"type": "integer", "description": "Round of the height being decided"}
                }
              },
              "SubmitTransactionRequest": {
                "type": "object", "required": ["tx"],
                "properties": {"tx": {"type": "string", "contentEncoding": "base64", "description": "Canonical encoding of a SignedTransaction (docs/ENCODING.md)"}}
              },
              "SubmitTransactionResponse": {
                "type": "object", "required": ["id", "status"],
                "properties": {"id": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "committed", "unknown"]}}
              },
              "SubmitTransactionsRequest": {
                "type": "object", "required": ["txs"],
                "properties": {"txs": {"type": "array", "maxItems": 1000, "items": {"type": "string", "contentEncoding": "base64"}}}
              },
              "SubmitTransactionsResponse": {
                "type": "object", "required": ["results"],
                "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/SubmissionResult"}}}
              },
              "SubmissionResult": {
                "type": "object",
                "description": "status pending when admitted; otherwise code and message (id absent when the bytes were not a transaction)",
                "properties": {
                  "id": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "committed", "unknown"]},
                  "code": {"type": "string"}, "message": {"type": "string"}
                }
              },
              "TransactionResponse": {
                "type": "object", "required": ["id", "status"],
                "properties": {
                  "id": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "committed", "unknown"]},
                  "height": {"type": "integer"}, "index": {"type": "integer"}, "code": {"type": "string"},
                  "message": {"type": "string"}, "failedActionIndex": {"type": "integer"},
                  "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventJSON"}}
                }
              },
              "AccountResponse": {
                "type": "object", "required": ["address", "nonce", "balances", "locked", "openOrders"],
                "properties": {
                  "address": {"type": "string"}, "nonce": {"type": "integer"},
                  "balances": {"type": "array", "description": "Free balances", "items": {"$ref": "#/components/schemas/BalanceJSON"}},
                  "locked": {"type": "array", "description": "What open orders hold, per asset, outside balances", "items": {"$ref": "#/components/schemas/BalanceJSON"}},
                  "openOrders": {"type": "integer"}
                }
              },
              "MarginAccountResponse": {
                "type": "object",
                "required": ["address", "equity", "initialRequirement", "maintenanceRequirement", "weightedCollateral", "debtValue", "collateral", "positions", "optionPositions", "debts"],
                "properties": {
                  "address": {"type": "string"}, "quoteAsset": {"type": "string"}, "equity": {"type": "string", "description": "Signed"},
                  "initialRequirement": {"type": "string"}, "maintenanceRequirement": {"type": "string"},
                  "weightedCollateral": {"type": "string"}, "debtValue": {"type": "string"},
                  "healthFactor": {"type": "string", "description": "(equity + debts) / (maintenance + debts); below 1 the account is liquidated; absent with nothing to maintain"},
                  "collateral": {"type": "array", "items": {"$ref": "#/components/schemas/MarginCollateralJSON"}},
                  "positions": {"type": "array", "items": {"$ref": "#/components/schemas/PositionJSON"}},
                  "optionPositions": {"type": "array", "items": {"$ref": "#/components/schemas/OptionPositionJSON"}},
                  "debts": {"type": "array", "items": {"$ref": "#/components/schemas/BalanceJSON"}},
                  "greeks": {"type": "array", "description": "Net Greeks per underlying of the option and perpetual positions; absent when a figure does not fit", "items": {"$ref": "#/components/schemas/AccountGreeksJSON"}}
                }
              },
              "AccountGreeksJSON": {
                "type": "object",
                "required": ["underlying", "delta", "gamma", "vega", "theta", "optionPositions", "perpetualPositions", "complete"],
                "properties": {
                  "underlying": {"type": "string"}, "spot": {"type": "string", "description": "The oracle price; absent before the first"},
                  "delta": {"type": "string", "description": "Net delta, whole units of the underlying (options and perpetuals)"},
                  "deltaValue": {"type": "string", "description": "delta × spot, quote units"},
                  "gamma": {"type": "string", "description": "Change of delta per one quote unit of the underlying's price"},
                  "gammaValue": {"type": "string", "description": "gamma × spot² / 100: quote units of delta value per 1% move"},
                  "vega": {"type": "string", "description": "Quote units per volatility point (0.01)"},
                  "theta": {"type": "string", "description": "Quote units per day"},
                  "optionPositions": {"type": "integer"}, "perpetualPositions": {"type": "integer"},
                  "complete": {"type": "boolean", "description": "False when an option's Greeks rest on a stale or missing surface or price"}
                }
              },
              "OptionChainResponse": {
                "type": "object",
                "required": ["underlying", "quote", "expiryMs", "expiry", "timeMs", "stale", "expiries", "rows"],
                "properties": {
                  "underlying": {"type": "string"}, "quote": {"type": "string"}, "expiryMs": {"type": "integer"},
                  "expiry": {"type": "string"}, "timeMs": {"type": "integer"}, "spot": {"type": "string"},
                  "stale": {"type": "boolean", "description": "The oracle price or the surface behind the figures is stale or missing"},
                  "expiries": {"type": "array", "description": "Every expiry of the underlying's series", "items": {"type": "integer"}},
                  "rows": {"type": "array", "items": {"$ref": "#/components/schemas/OptionChainRowJSON"}}
                }
              },
              "OptionChainRowJSON": {
                "type": "object", "required": ["strike"],
                "properties": {
                  "strike": {"type": "string"},
                  "call": {"$ref": "#/components/schemas/OptionChainQuoteJSON"},
                  "put": {"$ref": "#/components/schemas/OptionChainQuoteJSON"}
                }
              },
              "OptionChainQuoteJSON": {
                "type": "object",
                "required": ["marketId", "market", "status", "bidSize", "askSize"],
                "properties": {
                  "marketId": {"type": "integer"}, "market": {"type": "string"},
                  "status": {"type": "string", "enum": ["trading", "expired", "settled"]},
                  "bid": {"type": "string", "description": "Best bid, premium per whole unit"}, "bidSize": {"type": "string"},
                  "ask": {"type": "string", "description": "Best ask, premium per whole unit"}, "askSize": {"type": "string"},
                  "markPrice": {"type": "string"},
                  "bidIv": {"type": "string", "description": "Implied volatility of the best bid, a fraction"},
                  "askIv": {"type": "string"}, "midIv": {"type": "string"},
                  "markIv": {"type": "string", "description": "The surface's volatility, at which the mark and the Greeks are computed"},
                  "delta": {"type": "string", "description": "Per whole unit held, underlying units"},
                  "gamma": {"type": "string", "description": "Per one quote unit of the underlying's price"},
                  "vega": {"type": "string", "description": "Quote units per volatility point"},
                  "theta": {"type": "string", "description": "Quote units per day"}
                }
              },
              "MarginCollateralJSON": {
                "type": "object", "required": ["asset", "amount", "weight", "value"],
                "properties": {"asset": {"type": "string"}, "amount": {"type": "string"}, "weight": {"type": "string"}, "value": {"type": "string"}}
              },
              "PositionJSON": {
                "type": "object",
                "required": ["marketId", "market", "size", "entryPrice", "markPrice", "unrealizedPnl", "realizedPnl", "initialRequirement", "maintenanceRequirement"],
                "properties": {
                  "marketId": {"type": "integer"}, "market": {"type": "string"}, "size": {"type": "string", "description": "Signed: positive is long"},
                  "entryPrice": {"type": "string"}, "markPrice": {"type": "string"}, "unrealizedPnl": {"type": "string"},
                  "realizedPnl": {"type": "string"}, "initialRequirement": {"type": "string"}, "maintenanceRequirement": {"type": "string"},
                  "liquidationPrice": {"type": "string"}
                }
              },
              "FundingResponse": {
                "type": "object",
                "required": ["marketId", "market", "initialMargin", "maintenanceMargin", "maxLeverage", "fundingIntervalSeconds", "lastFundingRate", "lastFundingRatePpm", "predictedFundingRatePpm", "fundingIndex", "lastFundingTime", "nextFundingTime", "openInterest"],
                "properties": {
                  "marketId": {"type": "integer"}, "market": {"type": "string"}, "initialMargin": {"type": "string"},
                  "maintenanceMargin": {"type": "string"}, "maxLeverage": {"type": "string"}, "fundingIntervalSeconds": {"type": "string"},
                  "lastFundingRate": {"type": "string"}, "lastFundingRatePpm": {"type": "integer"}, "predictedFundingRatePpm": {"type": "integer"},
                  "fundingIndex": {"type": "string"}, "lastFundingTime": {"type": "string"}, "nextFundingTime": {"type": "string"},
                  "indexPrice": {"type": "string"},
                  "markPrice": {"type": "string", "description": "The index (oracle) price clamped between the impact bid and ask"},
                  "impactBid": {"type": "string"}, "impactAsk": {"type": "string"}, "openInterest": {"type": "string"}
                }
              },
              "PerpetualsResponse": {
                "type": "object", "required": ["perpetuals"],
                "properties": {"perpetuals": {"type": "array", "items": {"$ref": "#/components/schemas/FundingResponse"}}}
              },
              "OptionPositionJSON": {
                "type": "object",
                "required": ["marketId", "market", "size", "averageEntryPremium", "markPrice", "unrealizedPnl", "realizedPnl", "initialRequirement", "maintenanceRequirement"],
                "properties": {
                  "marketId": {"type": "integer"}, "market": {"type": "string"}, "size": {"type": "string", "description": "Signed: positive is long, whole units of the underlying"},
                  "averageEntryPremium": {"type": "string", "description": "Per whole unit of the underlying"}, "markPrice": {"type": "string"},
                  "unrealizedPnl": {"type": "string"}, "realizedPnl": {"type": "string"},
                  "initialRequirement": {"type": "string"}, "maintenanceRequirement": {"type": "string"}
                }
              },
              "OptionSeriesJSON": {
                "type": "object",
                "required": ["marketId", "market", "underlying", "quote", "kind", "strike", "strikeStep", "expiryMs", "expiry", "contractSize", "status", "openInterest"],
                "properties": {
                  "marketId": {"type": "integer"}, "market": {"type": "string", "description": "UNDERLYING-YYYYMMDD-STRIKE-C|P"},
                  "underlying": {"type": "string"}, "quote": {"type": "string"}, "kind": {"type": "string", "enum": ["call", "put"]},
                  "strike": {"type": "string"}, "strikeStep": {"type": "string"}, "expiryMs": {"type": "integer"}, "expiry": {"type": "string"},
                  "contractSize": {"type": "string"}, "status": {"type": "string", "enum": ["trading", "expired", "settled"]},
                  "markPrice": {"type": "string"}, "openInterest": {"type": "string"}, "settlementPrice": {"type": "string"}
                }
              },
              "OptionsResponse": {
                "type": "object", "required": ["options"],
                "properties": {"options": {"type": "array", "items": {"$ref": "#/components/schemas/OptionSeriesJSON"}}}
              },
              "MarginScenarioJSON": {
                "type": "object", "required": ["spotShock", "volatilityShock", "tail", "pnl"],
                "properties": {
                  "spotShock": {"type": "string", "description": "Fraction of the oracle price, e.g. -0.15"},
                  "volatilityShock": {"type": "string", "enum": ["up", "unchanged", "down"]},
                  "tail": {"type": "boolean", "description": "Dampened tail scenario, PnL counted at a third"},
                  "pnl": {"type": "string", "description": "Quote asset, whole units"}
                }
              },
              "PortfolioMarginJSON": {
                "type": "object",
                "required": ["underlying", "spot", "scenarios", "worstScenario", "worstLoss", "shortOptionAddOn", "initialRequirement", "maintenanceRequirement"],
                "properties": {
                  "underlying": {"type": "string"}, "spot": {"type": "string"},
                  "scenarios": {"type": "array", "items": {"$ref": "#/components/schemas/MarginScenarioJSON"}},
                  "worstScenario": {"type": "integer", "minimum": 0, "description": "Index into scenarios"},
                  "worstLoss": {"type": "string"}, "shortOptionAddOn": {"type": "string"},
                  "initialRequirement": {"type": "string"}, "maintenanceRequirement": {"type": "string"}
                }
              },
              "MarginScenariosResponse": {
                "type": "object",
                "required": ["equity", "initialRequirement", "maintenanceRequirement", "dependsOnStalePrice", "underlyings"],
                "properties": {
                  "address": {"type": "string", "description": "Absent for a simulation without an account"},
                  "quoteAsset": {"type": "string"}, "equity": {"type": "string"},
                  "initialRequirement": {"type": "string"}, "maintenanceRequirement": {"type": "string"},
                  "dependsOnStalePrice": {"type": "boolean"},
                  "underlyings": {"type": "array", "items": {"$ref": "#/components/schemas/PortfolioMarginJSON"}}
                }
              },
              "MarginSimulationRequest": {
                "type": "object", "required": ["positions"],
                "properties": {
                  "account": {"type": ["string", "null"], "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address whose holdings the positions add to; absent or null: none"},
                  "positions": {
                    "type": "array", "maxItems": 64,
                    "items": {
                      "type": "object", "required": ["market", "size"],
                      "properties": {
                        "market": {"type": "string", "description": "Option series name (BTC-20270101-60000-C), BASE-PERP, or market id"},
                        "size": {"type": "string", "description": "Signed, whole units of the underlying, e.g. -0.1"}
                      }
                    }
                  }
                }
              },
              "FaucetRequest": {
                "type": "object", "required": ["address"],
                "properties": {"address": {"type": "string", "pattern": "^bz1[02-9ac-hj-np-z]{39}$", "description": "A bz1 address (bech32; a wrong checksum is 400)"}}
              },
              "FaucetGrantResponse": {
                "type": "object", "required": ["id", "address", "amounts"],
                "properties": {
                  "id": {"type": "string"}, "address": {"type": "string"},
                  "amounts": {"type": "array", "items": {"$ref": "#/components/schemas/BalanceJSON"}}
                }
              },
              "FaucetInfoResponse": {
                "type": "object", "required": ["amounts", "perAddressIntervalSeconds", "globalGrantsMax", "globalWindowSeconds"],
                "properties": {
                  "amounts": {"type": "array", "items": {"$ref": "#/components/schemas/BalanceJSON"}},
                  "perAddressIntervalSeconds": {"type": "integer"}, "globalGrantsMax": {"type": "integer"},
                  "globalWindowSeconds": {"type": "integer"}
                }
              },
              "BalanceJSON": {
                "type": "object", "required": ["asset", "amount", "baseUnits"],
                "properties": {"asset": {"type": "string"}, "amount": {"type": "string"}, "baseUnits": {"type": "string"}}
              },
              "AssetsResponse": {
                "type": "object", "required": ["assets"],
                "properties": {"assets": {"type": "array", "items": {"$ref": "#/components/schemas/AssetJSON"}}}
              },
              "AssetJSON": {
                "type": "object", "required": ["symbol", "name", "decimals", "issuer", "supply"],
                "properties": {
                  "symbol": {"type": "string"}, "name": {"type": "string"}, "decimals": {"type": "integer"},
                  "issuer": {"type": "string"}, "supply": {"type": "string"}, "maxSupply": {"type": "string"}
                }
              },
              "BlockResponse": {
                "type": "object",
                "required": ["height", "hash", "timeMs", "time", "previousBlockHash", "previousAppHash", "appHash", "proposer", "transactions", "endBlockEvents", "signers", "evidence"],
                "properties": {
                  "height": {"type": "integer"}, "hash": {"type": "string"}, "timeMs": {"type": "integer"},
                  "time": {"type": "string", "format": "date-time"}, "previousBlockHash": {"type": "string"},
                  "previousAppHash": {"type": "string"}, "appHash": {"type": "string"}, "proposer": {"type": "string"},
                  "transactions": {"type": "array", "items": {"$ref": "#/components/schemas/BlockTransactionJSON"}},
                  "endBlockEvents": {"type": "array", "description": "After the transactions: batch auctions (auction_cleared, order_filled, order_cancelled for released remainders) and expiries (order_expired)", "items": {"$ref": "#/components/schemas/EventJSON"}},
                  "commitRound": {"type": "integer", "description": "Round the block was decided in; absent without a stored commit"},
                  "signers": {"type": "array", "description": "Hex keys of the validators whose precommits form the commit", "items": {"type": "string"}},
                  "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/EvidenceJSON"}}
                }
              },
              "EvidenceJSON": {
                "type": "object", "required": ["validator", "height", "round", "type", "values"],
                "properties": {
                  "validator": {"type": "string"}, "height": {"type": "integer"}, "round": {"type": "integer"},
                  "type": {"type": "string", "enum": ["prevote", "precommit"]},
                  "values": {"type": "array", "items": {"type": "string"}, "description": "The two block ids voted for; empty for nil"}
                }
              },
              "BlockResultsResponse": {
                "type": "object", "required": ["height", "timeMs", "appHash", "results", "endBlockEvents"],
                "properties": {
                  "height": {"type": "integer"}, "timeMs": {"type": "integer"}, "appHash": {"type": "string"},
                  "results": {"type": "array", "items": {"$ref": "#/components/schemas/TransactionCodeJSON"}},
                  "endBlockEvents": {"type": "array", "items": {"$ref": "#/components/schemas/EventJSON"}}
                }
              },
              "TransactionCodeJSON": {
                "type": "object", "required": ["id", "code"],
                "properties": {"id": {"type": "string"}, "code": {"type": "string"}}
              },
              "BlockTransactionJSON": {
                "type": "object", "required": ["id", "sender", "nonce", "fee", "code", "actionCount", "events"],
                "properties": {
                  "id": {"type": "string"}, "sender": {"type": "string"}, "nonce": {"type": "integer"},
                  "fee": {"type": "string"}, "code": {"type": "string"}, "actionCount": {"type": "integer"},
                  "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventJSON"}}
                }
              },
              "EventJSON": {
                "type": "object", "required": ["kind"],
                "description": "Ledger events carry asset, amount, sender, recipient; market events carry market and marketId, and where the kind has them orderId, owner, side (for a trade: the taker's), price and size (per whole base unit and in whole base units, with priceTicks and sizeLots exact), makerOrderId, takerOrderId, maker, taker and reason",
                "properties": {
                  "kind": {"type": "string", "enum": ["$eventKinds"]},
                  "asset": {"type": "string"}, "amount": {"type": "string"}, "sender": {"type": "string"},
                  "recipient": {"type": "string"}, "market": {"type": "string"}, "marketId": {"type": "integer"},
                  "orderId": {"type": "string"}, "owner": {"type": "string"}, "side": {"type": "string", "enum": ["buy", "sell"]},
                  "price": {"type": "string"}, "priceTicks": {"type": "integer"}, "size": {"type": "string"},
                  "sizeLots": {"type": "string"}, "makerOrderId": {"type": "string"}, "takerOrderId": {"type": "string"},
                  "maker": {"type": "string"}, "taker": {"type": "string"},
                  "reason": {"type": "string", "enum": ["requested", "unfilled", "self_trade"]}
                }
              },
              "MarketsResponse": {
                "type": "object", "required": ["markets"],
                "properties": {"markets": {"type": "array", "items": {"$ref": "#/components/schemas/MarketJSON"}}}
              },
              "MarketJSON": {
                "type": "object",
                "required": ["id", "name", "base", "quote", "baseDecimals", "quoteDecimals", "mode", "lotSize", "lotSizeBaseUnits", "tickSize", "tickSizeBaseUnits", "minimumSize", "minimumSizeBaseUnits", "maximumPrice", "maximumPriceTicks", "makerFeeBasisPoints", "takerFeeBasisPoints", "openOrders"],
                "properties": {
                  "id": {"type": "integer"}, "name": {"type": "string", "description": "BASE-QUOTE"},
                  "base": {"type": "string"}, "quote": {"type": "string"},
                  "baseDecimals": {"type": "integer"}, "quoteDecimals": {"type": "integer"},
                  "mode": {"type": "string", "enum": ["continuous", "batch_auction"]},
                  "lotSize": {"type": "string", "description": "Size increment in whole base units"},
                  "lotSizeBaseUnits": {"type": "string"},
                  "tickSize": {"type": "string", "description": "Price increment per whole base unit, in whole quote units"},
                  "tickSizeBaseUnits": {"type": "string", "description": "Quote base units per lot per tick"},
                  "minimumSize": {"type": "string"}, "minimumSizeBaseUnits": {"type": "string"},
                  "maximumPrice": {"type": "string"}, "maximumPriceTicks": {"type": "integer"},
                  "makerFeeBasisPoints": {"type": "integer", "description": "Negative is a rebate"},
                  "takerFeeBasisPoints": {"type": "integer"},
                  "lastPrice": {"type": "string"}, "lastPriceTicks": {"type": "integer"},
                  "bestBid": {"type": "string"}, "bestAsk": {"type": "string"},
                  "openOrders": {"type": "integer"}
                }
              },
              "BookLevelJSON": {
                "type": "object", "required": ["price", "priceTicks", "size", "sizeLots", "orders"],
                "properties": {
                  "price": {"type": "string"}, "priceTicks": {"type": "integer"},
                  "size": {"type": "string", "description": "The level's total unfilled size; 0 in a book_update removes the level"},
                  "sizeLots": {"type": "string"}, "orders": {"type": "integer"}
                }
              },
              "BookResponse": {
                "type": "object", "required": ["market", "marketId", "height", "sequence", "depth", "bids", "asks"],
                "properties": {
                  "market": {"type": "string"}, "marketId": {"type": "integer"}, "height": {"type": "integer"},
                  "sequence": {"type": "integer", "description": "Committed blocks that changed this book since the node started; book_update messages carry the same number"},
                  "depth": {"type": "integer"},
                  "bids": {"type": "array", "items": {"$ref": "#/components/schemas/BookLevelJSON"}},
                  "asks": {"type": "array", "items": {"$ref": "#/components/schemas/BookLevelJSON"}}
                }
              },
              "TradeJSON": {
                "type": "object", "required": ["id", "market", "height", "timeMs", "kind", "price", "priceTicks", "size", "sizeLots", "notional"],
                "properties": {
                  "id": {"type": "string", "description": "height-n: the n-th print of the block"},
                  "market": {"type": "string"}, "height": {"type": "integer"}, "timeMs": {"type": "integer"},
                  "kind": {"type": "string", "enum": ["trade", "auction"]},
                  "price": {"type": "string"}, "priceTicks": {"type": "integer"},
                  "size": {"type": "string"}, "sizeLots": {"type": "string"}, "notional": {"type": "string"},
                  "takerSide": {"type": "string", "enum": ["buy", "sell"], "description": "Absent for an auction"},
                  "makerOrderId": {"type": "string"}, "takerOrderId": {"type": "string"},
                  "maker": {"type": "string"}, "taker": {"type": "string"}
                }
              },
              "HTLCJSON": {
                "type": "object",
                "required": ["id", "sender", "recipient", "asset", "amount", "amountBaseUnits", "hashlock", "timeoutMs", "lockedAtMs", "status"],
                "properties": {
                  "id": {"type": "string"}, "sender": {"type": "string"}, "recipient": {"type": "string"},
                  "asset": {"type": "string"}, "amount": {"type": "string"}, "amountBaseUnits": {"type": "string"},
                  "hashlock": {"type": "string", "description": "SHA-256 of the preimage, hex"},
                  "timeoutMs": {"type": "integer", "description": "Block time from which only a refund is possible"},
                  "lockedAtMs": {"type": "integer"},
                  "status": {"type": "string", "enum": ["open", "claimed", "refunded"]},
                  "preimage": {"type": "string", "description": "Hex, once claimed"},
                  "swapOffer": {"type": "string", "description": "The swap offer whose take created it"}
                }
              },
              "HTLCsResponse": {
                "type": "object", "required": ["htlcs"],
                "properties": {"htlcs": {"type": "array", "items": {"$ref": "#/components/schemas/HTLCJSON"}}}
              },
              "SwapOfferJSON": {
                "type": "object",
                "required": ["id", "maker", "giveAsset", "giveAmount", "giveAmountBaseUnits", "wantChainId", "wantAsset", "wantAmountBaseUnits", "makerWantAddress", "hashlock", "takerLockMs", "expiresAtMs", "status"],
                "properties": {
                  "id": {"type": "string"}, "maker": {"type": "string"}, "giveAsset": {"type": "string"},
                  "giveAmount": {"type": "string"}, "giveAmountBaseUnits": {"type": "string"},
                  "wantChainId": {"type": "string"}, "wantAsset": {"type": "string"},
                  "wantAmountBaseUnits": {"type": "string", "description": "Base units of the asset on the other chain"},
                  "makerWantAddress": {"type": "string"}, "hashlock": {"type": "string"},
                  "takerLockMs": {"type": "integer", "description": "The taker's HTLC lasts this long; the maker's twice as long"},
                  "expiresAtMs": {"type": "integer"},
                  "status": {"type": "string", "enum": ["open", "taken", "cancelled", "expired"]},
                  "taker": {"type": "string"}, "htlc": {"type": "string"}
                }
              },
              "SwapOffersResponse": {
                "type": "object", "required": ["offers"],
                "properties": {"offers": {"type": "array", "items": {"$ref": "#/components/schemas/SwapOfferJSON"}}}
              },
              "TradeEscrowJSON": {
                "type": "object",
                "required": ["id", "seller", "status", "asset", "amount", "depositAsset", "sellerDeposit", "buyerDeposit", "paymentTerms", "mediator", "arbitrator", "expiresAtMs", "paymentWindowMs", "disputeWindowMs", "paymentDeadlineMs", "sellerAccepted", "buyerAccepted"],
                "properties": {
                  "id": {"type": "string"}, "seller": {"type": "string"}, "buyer": {"type": "string"},
                  "status": {"type": "string", "enum": ["offered", "taken", "payment_sent", "mediation", "arbitration", "completed", "cancelled", "expired", "refunded", "settled"]},
                  "asset": {"type": "string"}, "amount": {"type": "string"}, "depositAsset": {"type": "string"},
                  "sellerDeposit": {"type": "string"}, "buyerDeposit": {"type": "string"}, "paymentTerms": {"type": "string"},
                  "mediator": {"type": "string"}, "arbitrator": {"type": "string"}, "expiresAtMs": {"type": "integer"},
                  "paymentWindowMs": {"type": "integer"}, "disputeWindowMs": {"type": "integer"},
                  "paymentDeadlineMs": {"type": "integer", "description": "0 before the take"},
                  "deadlineMs": {"type": "integer", "description": "When the current status's default outcome applies; absent once final"},
                  "proposalBuyerAmount": {"type": "string"}, "proposalBuyerDeposits": {"type": "string"},
                  "sellerAccepted": {"type": "boolean"}, "buyerAccepted": {"type": "boolean"}
                }
              },
              "TradeEscrowsResponse": {
                "type": "object", "required": ["escrows", "mediators", "arbitrators"],
                "properties": {
                  "escrows": {"type": "array", "items": {"$ref": "#/components/schemas/TradeEscrowJSON"}},
                  "mediators": {"type": "array", "items": {"type": "string"}},
                  "arbitrators": {"type": "array", "items": {"type": "string"}}
                }
              },
              "TradesResponse": {
                "type": "object", "required": ["market", "trades"],
                "properties": {
                  "market": {"type": "string"}, "trades": {"type": "array", "items": {"$ref": "#/components/schemas/TradeJSON"}},
                  "height": {"type": "integer", "description": "The newest block stored when the page was read"},
                  "next": {"type": "string", "description": "Pass as before for the older page; absent on the last page"}
                }
              },
              "CandleJSON": {
                "type": "object", "required": ["startMs", "open", "high", "low", "close", "baseVolume", "quoteVolume", "trades", "closed"],
                "properties": {
                  "startMs": {"type": "integer", "description": "The interval's first millisecond (UTC)"},
                  "open": {"type": "string"}, "high": {"type": "string"}, "low": {"type": "string"}, "close": {"type": "string"},
                  "baseVolume": {"type": "string", "description": "Whole base units"},
                  "quoteVolume": {"type": "string", "description": "Price times size in whole quote units, fees excluded"},
                  "trades": {"type": "integer"},
                  "closed": {"type": "boolean", "description": "The interval ended by the newest block: the candle is final"}
                }
              },
              "CandlesResponse": {
                "type": "object", "required": ["market", "resolution", "height", "candles"],
                "properties": {
                  "market": {"type": "string"}, "resolution": {"type": "string", "enum": ["1m", "5m", "15m", "1h", "4h", "1d"]},
                  "height": {"type": "integer", "description": "The newest block stored when the page was read"},
                  "candles": {"type": "array", "items": {"$ref": "#/components/schemas/CandleJSON"}},
                  "next": {"type": "string", "description": "Pass as before for the older page; absent on the last page"}
                }
              },
              "FillJSON": {
                "type": "object", "required": ["id", "market", "height", "timeMs", "kind", "liquidity", "side", "price", "priceTicks", "size", "sizeLots", "notional", "fee", "feeAsset", "orderId"],
                "properties": {
                  "id": {"type": "string", "description": "<height>-<position>-<b|s>"}, "market": {"type": "string"},
                  "height": {"type": "integer"}, "timeMs": {"type": "integer"},
                  "kind": {"type": "string", "enum": ["trade", "auction", "liquidation", "deleveraging", "route"]},
                  "liquidity": {"type": "string", "enum": ["maker", "taker", "auction"]},
                  "side": {"type": "string", "enum": ["buy", "sell"]}, "price": {"type": "string"}, "priceTicks": {"type": "integer"},
                  "size": {"type": "string"}, "sizeLots": {"type": "string"}, "notional": {"type": "string"},
                  "fee": {"type": "string", "description": "Negative: a rebate received"}, "feeAsset": {"type": "string"},
                  "orderId": {"type": "string"}, "counterparty": {"type": "string"}, "counterpartyOrderId": {"type": "string"}
                }
              },
              "FillsResponse": {
                "type": "object", "required": ["address", "height", "fills"],
                "properties": {
                  "address": {"type": "string"}, "height": {"type": "integer", "description": "The history height the page was read at"},
                  "fills": {"type": "array", "items": {"$ref": "#/components/schemas/FillJSON"}},
                  "next": {"type": "string", "description": "Pass as before for the older page; absent on the last page"}
                }
              },
              "OrderHistoryJSON": {
                "type": "object", "required": ["id", "market", "side", "type", "origin", "price", "priceTicks", "size", "filledSize", "remainingSize", "fee", "status", "placedHeight", "placedTimeMs", "updatedHeight", "updatedTimeMs"],
                "properties": {
                  "id": {"type": "string"}, "clientOrderId": {"type": "string"}, "market": {"type": "string"},
                  "side": {"type": "string", "enum": ["buy", "sell"]},
                  "type": {"type": "string", "enum": ["limit", "immediate_or_cancel", "fill_or_kill", "post_only", "market"]},
                  "origin": {"type": "string", "enum": ["order", "route", "liquidation"]},
                  "price": {"type": "string"}, "priceTicks": {"type": "integer"}, "size": {"type": "string"},
                  "filledSize": {"type": "string"}, "remainingSize": {"type": "string"}, "averagePrice": {"type": "string"},
                  "fee": {"type": "string"},
                  "status": {"type": "string", "enum": ["open", "partially_filled", "filled", "cancelled", "expired"]},
                  "reason": {"type": "string", "enum": ["requested", "unfilled", "self_trade", "liquidation"]},
                  "expiresAtMs": {"type": "integer"}, "placedHeight": {"type": "integer"}, "placedTimeMs": {"type": "integer"},
                  "updatedHeight": {"type": "integer"}, "updatedTimeMs": {"type": "integer"}
                }
              },
              "OrderHistoryResponse": {
                "type": "object", "required": ["address", "height", "orders"],
                "properties": {
                  "address": {"type": "string"}, "height": {"type": "integer"},
                  "orders": {"type": "array", "items": {"$ref": "#/components/schemas/OrderHistoryJSON"}},
                  "next": {"type": "string"}
                }
              },
              "FundingPaymentJSON": {
                "type": "object", "required": ["market", "height", "timeMs", "positionSize", "amount", "asset", "rate"],
                "properties": {
                  "market": {"type": "string"}, "height": {"type": "integer"}, "timeMs": {"type": "integer"},
                  "positionSize": {"type": "string"}, "amount": {"type": "string", "description": "Received; negative: paid"},
                  "asset": {"type": "string"}, "rate": {"type": "string", "description": "Per 8 hours"}
                }
              },
              "FundingPaymentsResponse": {
                "type": "object", "required": ["address", "height", "payments"],
                "properties": {
                  "address": {"type": "string"}, "height": {"type": "integer"},
                  "payments": {"type": "array", "items": {"$ref": "#/components/schemas/FundingPaymentJSON"}},
                  "next": {"type": "string"}
                }
              },
              "LedgerEntryJSON": {
                "type": "object", "required": ["height", "timeMs", "asset", "bucket", "delta", "balanceAfter", "cause"],
                "properties": {
                  "height": {"type": "integer"}, "timeMs": {"type": "integer"}, "asset": {"type": "string"},
                  "bucket": {"type": "string", "enum": ["free", "locked", "margin"]}, "delta": {"type": "string"},
                  "balanceAfter": {"type": "string"},
                  "cause": {"type": "string", "enum": ["genesis", "fee", "action", "auction", "expiry", "escrow_deadline", "lending_accrual", "funding", "option_settlement", "liquidation", "deleveraging"]},
                  "txId": {"type": "string"}, "actionIndex": {"type": "integer"}, "actionKind": {"type": "string"},
                  "market": {"type": "string"}
                }
              },
              "LedgerResponse": {
                "type": "object", "required": ["address", "height", "entries"],
                "properties": {
                  "address": {"type": "string"}, "height": {"type": "integer"},
                  "entries": {"type": "array", "items": {"$ref": "#/components/schemas/LedgerEntryJSON"}},
                  "next": {"type": "string"}
                }
              },
              "OrderJSON": {
                "type": "object",
                "required": ["id", "market", "marketId", "owner", "side", "type", "price", "priceTicks", "size", "sizeLots", "locked", "lockedAsset", "height", "selfTradePrevention"],
                "properties": {
                  "id": {"type": "string"}, "market": {"type": "string"}, "marketId": {"type": "integer"},
                  "owner": {"type": "string"}, "side": {"type": "string", "enum": ["buy", "sell"]},
                  "type": {"type": "string", "enum": ["limit", "immediate_or_cancel", "fill_or_kill", "post_only", "market"]},
                  "price": {"type": "string"}, "priceTicks": {"type": "integer"},
                  "size": {"type": "string", "description": "Unfilled"}, "sizeLots": {"type": "string"},
                  "locked": {"type": "string"}, "lockedAsset": {"type": "string"},
                  "clientOrderId": {"type": "string"}, "expiresAtMs": {"type": "integer"},
                  "height": {"type": "integer", "description": "The block that placed it or last changed its price"},
                  "selfTradePrevention": {"type": "string", "enum": ["cancel_resting", "cancel_incoming", "cancel_both"]}
                }
              },
              "PoolsResponse": {
                "type": "object", "required": ["pools"],
                "properties": {"pools": {"type": "array", "items": {"$ref": "#/components/schemas/PoolJSON"}}}
              },
              "PoolJSON": {
                "type": "object",
                "required": ["id", "asset0", "asset1", "curve", "feePips", "reserve0", "reserve0BaseUnits", "reserve1", "reserve1BaseUnits", "price"],
                "properties": {
                  "id": {"type": "integer"}, "asset0": {"type": "string"}, "asset1": {"type": "string"},
                  "curve": {"type": "string", "enum": ["constant_product", "concentrated"]},
                  "feePips": {"type": "integer", "description": "Millionths of the input: 3000 = 0.3%"},
                  "reserve0": {"type": "string"}, "reserve0BaseUnits": {"type": "string"},
                  "reserve1": {"type": "string"}, "reserve1BaseUnits": {"type": "string"},
                  "price": {"type": "string", "description": "asset1 per whole asset0 at the marginal price, 8 significant digits"},
                  "lpSupply": {"type": "string", "description": "Constant-product: LP shares, the locked minimum included"},
                  "sqrtPriceX96": {"type": "string", "description": "Concentrated: sqrt price in Q64.96"},
                  "tick": {"type": "integer"}, "liquidity": {"type": "string"}, "tickSpacing": {"type": "integer"}
                }
              },
              "QuoteResponse": {
                "type": "object",
                "required": ["assetIn", "assetOut", "amountIn", "amountInBaseUnits", "expectedOut", "expectedOutBaseUnits", "priceImpactBasisPoints", "legs"],
                "properties": {
                  "assetIn": {"type": "string"}, "assetOut": {"type": "string"}, "amountIn": {"type": "string"},
                  "amountInBaseUnits": {"type": "string"}, "expectedOut": {"type": "string"},
                  "expectedOutBaseUnits": {"type": "string"}, "priceImpactBasisPoints": {"type": "integer"},
                  "legs": {"type": "array", "items": {"$ref": "#/components/schemas/QuoteLegJSON"}}
                }
              },
              "QuoteLegJSON": {
                "type": "object", "required": ["venues", "path", "amountIn", "amountInBaseUnits", "amountOut", "amountOutBaseUnits", "fees"],
                "properties": {
                  "venues": {"type": "array", "items": {"$ref": "#/components/schemas/QuoteVenueJSON"}},
                  "path": {"type": "array", "items": {"type": "string"}, "description": "Assets along the leg, input first"},
                  "amountIn": {"type": "string"}, "amountInBaseUnits": {"type": "string"},
                  "amountOut": {"type": "string"}, "amountOutBaseUnits": {"type": "string"},
                  "fees": {"type": "array", "items": {"type": "string"}, "description": "Each hop's fee with its asset, e.g. '3 USD'"}
                }
              },
              "QuoteVenueJSON": {
                "type": "object", "required": ["kind", "id"],
                "properties": {"kind": {"type": "string", "enum": ["pool", "book"]}, "id": {"type": "integer", "description": "Pool id or market id"}}
              },
              "OrdersResponse": {
                "type": "object", "required": ["address", "orders"],
                "properties": {"address": {"type": "string"}, "orders": {"type": "array", "items": {"$ref": "#/components/schemas/OrderJSON"}}}
              },
              "StreamRequest": {
                "type": "object", "required": ["op", "channel"],
                "properties": {
                  "op": {"type": "string", "enum": ["subscribe", "unsubscribe"]},
                  "channel": {"type": "string", "enum": ["blocks", "account", "book", "trades", "candles"]}, "address": {"type": "string"},
                  "market": {"type": "string", "description": "For book, trades and candles: BASE-QUOTE or the market's id"},
                  "depth": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50, "description": "For book: levels per side"},
                  "resolution": {"type": "string", "enum": ["1m", "5m", "15m", "1h", "4h", "1d"], "description": "For candles"}
                }
              },
              "StreamMessage": {
                "type": "object", "required": ["type"],
                "properties": {
                  "type": {"type": "string", "enum": ["subscribed", "unsubscribed", "block", "account_event", "book_snapshot", "book_update", "trade", "candle", "error"]},
                  "channel": {"type": "string", "enum": ["blocks", "account", "book", "trades", "candles"]}, "address": {"type": "string"},
                  "height": {"type": "integer"}, "hash": {"type": "string"}, "appHash": {"type": "string"},
                  "timeMs": {"type": "integer"}, "transactionCount": {"type": "integer"},
                  "txId": {"type": "string", "description": "Absent for an event of the end of the block"},
                  "event": {"$ref": "#/components/schemas/EventJSON"},
                  "market": {"type": "string"},
                  "sequence": {"type": "integer", "description": "book_snapshot and book_update: one higher with each update; a skipped number means re-subscribe"},
                  "depth": {"type": "integer"},
                  "bids": {"type": "array", "description": "book_snapshot: the best levels; book_update: the levels that changed, size 0 to remove", "items": {"$ref": "#/components/schemas/BookLevelJSON"}},
                  "asks": {"type": "array", "items": {"$ref": "#/components/schemas/BookLevelJSON"}},
                  "trade": {"$ref": "#/components/schemas/TradeJSON"},
                  "resolution": {"type": "string", "enum": ["1m", "5m", "15m", "1h", "4h", "1d"]},
                  "candle": {"$ref": "#/components/schemas/CandleJSON", "description": "candle: the newest candle after subscribing, then the candle of each block that printed on the market"},
                  "code": {"type": "string"}, "message": {"type": "string"}
                }
              }
            }
          }
        }
        """#
}
