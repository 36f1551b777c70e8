/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
///
/// Tests check that every route is described and that each schema lists
/// exactly the keys its `BazaarAPI` type encodes, so the document cannot drift.
enum OpenAPIDocument {
    static let json = #"""
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
                  "400": {"description": "Malformed JSON, bad base64, non-canonical bytes, wrong chain id, bad signature, too large or too many actions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "409": {"description": "Already pending", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
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
                "parameters": [{"name": "address", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "Account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountResponse"}}}},
                  "400": {"description": "Not a bz1 address", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
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
                "parameters": [{"name": "height", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
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
                "parameters": [{"name": "height", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                "responses": {
                  "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BlockResultsResponse"}}}},
                  "400": {"description": "Not a height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}},
                  "404": {"description": "No block at that height", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}}
                }
              }
            },
            "/v1/stream": {
              "get": {
                "summary": "WebSocket stream. Send StreamRequest frames ({\"op\":\"subscribe\",\"channel\":\"blocks\"} or {\"op\":\"subscribe\",\"channel\":\"account\",\"address\":\"bz1...\"}); receive StreamMessage frames of type subscribed, unsubscribed, block, account_event or error. At most 32 account subscriptions per connection; a client more than 4096 messages behind is disconnected.",
                "responses": {
                  "101": {"description": "Switching to the WebSocket protocol; frames are StreamRequest in, StreamMessage out", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamMessage"}}}}
                }
              }
            },
            "/openapi.json": {
              "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 document"}}}
            },
            "/metrics": {
              "get": {"summary": "Prometheus metrics in the text exposition format", "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
            }
          },
          "components": {
            "schemas": {
              "APIError": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "description": "A result code name such as bad_signature, or bad_request, not_found, payload_too_large, internal"}, "message": {"type": "string"}}
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
                "type": "object", "required": ["address", "nonce", "balances"],
                "properties": {
                  "address": {"type": "string"}, "nonce": {"type": "integer"},
                  "balances": {"type": "array", "items": {"$ref": "#/components/schemas/BalanceJSON"}}
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
                "required": ["height", "hash", "timeMs", "time", "previousBlockHash", "previousAppHash", "appHash", "proposer", "transactions", "signers", "evidence"],
                "properties": {
                  "height": {"type": "integer"}, "hash": {"type": "string"}, "timeMs": {"type": "integer"},
                  "time": {"type": "string", "format": "date-time"}, "previousBlockHash": {"type": "string"},
                  "previousAppHash": {"type": "string"}, "appHash": {"type": "string"}, "proposer": {"type": "string"},
                  "transactions": {"type": "array", "items": {"$ref": "#/components/schemas/BlockTransactionJSON"}},
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
                "type": "object", "required": ["height", "timeMs", "appHash", "results"],
                "properties": {
                  "height": {"type": "integer"}, "timeMs": {"type": "integer"}, "appHash": {"type": "string"},
                  "results": {"type": "array", "items": {"$ref": "#/components/schemas/TransactionCodeJSON"}}
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
                "type": "object", "required": ["kind", "asset"],
                "properties": {
                  "kind": {"type": "string", "enum": ["fee_paid", "asset_created", "minted", "burned", "transferred"]},
                  "asset": {"type": "string"}, "amount": {"type": "string"}, "sender": {"type": "string"},
                  "recipient": {"type": "string"}
                }
              },
              "StreamRequest": {
                "type": "object", "required": ["op", "channel"],
                "properties": {
                  "op": {"type": "string", "enum": ["subscribe", "unsubscribe"]},
                  "channel": {"type": "string", "enum": ["blocks", "account"]}, "address": {"type": "string"}
                }
              },
              "StreamMessage": {
                "type": "object", "required": ["type"],
                "properties": {
                  "type": {"type": "string", "enum": ["subscribed", "unsubscribed", "block", "account_event", "error"]},
                  "channel": {"type": "string", "enum": ["blocks", "account"]}, "address": {"type": "string"},
                  "height": {"type": "integer"}, "hash": {"type": "string"}, "appHash": {"type": "string"},
                  "timeMs": {"type": "integer"}, "transactionCount": {"type": "integer"}, "txId": {"type": "string"},
                  "event": {"$ref": "#/components/schemas/EventJSON"}, "code": {"type": "string"}, "message": {"type": "string"}
                }
              }
            }
          }
        }
        """#
}
