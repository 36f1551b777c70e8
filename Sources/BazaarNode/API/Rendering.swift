import BazaarAPI
import BazaarConsensus
import BazaarCore
import Foundation

/// Core values as API JSON: amounts as decimal strings with the asset's decimals.
enum Rendering {
    static func iso8601(milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
        return date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func status(_ status: Node.Status, feeDecimals: UInt8) -> StatusResponse {
        StatusResponse(
            chainId: status.chainID, height: status.height, appHash: status.appHash.hex,
            latestBlockHash: status.lastBlockHash.hex, latestBlockTimeMs: status.lastBlockTimeMilliseconds,
            latestBlockTime: iso8601(milliseconds: status.lastBlockTimeMilliseconds), feeAsset: status.feeAsset.text,
            minimumFee: status.minimumFee.formatted(decimals: feeDecimals),
            mempoolTransactions: status.mempoolTransactions, validators: status.validators,
            connectedPeers: status.connectedPeers, consensusRound: status.consensusRound)
    }

    static func account(_ id: AccountID, _ account: Account?, openOrders: Int, context: RenderingContext)
        -> AccountResponse
    {
        func amounts(_ list: [(asset: AssetSymbol, amount: Amount)]) -> [BalanceJSON] {
            list.map { balance in
                BalanceJSON(
                    asset: balance.asset.text,
                    amount: balance.amount.formatted(decimals: context.decimals(of: balance.asset)),
                    baseUnits: balance.amount.description)
            }
        }
        return AccountResponse(
            address: id.address, nonce: account?.nonce ?? 0, balances: amounts(account?.sortedBalances ?? []),
            locked: amounts(account?.sortedLocked ?? []), openOrders: openOrders)
    }

    static func asset(_ asset: AssetInfo) -> AssetJSON {
        AssetJSON(
            symbol: asset.symbol.text, name: asset.name, decimals: asset.decimals, issuer: asset.issuer.address,
            supply: asset.supply.formatted(decimals: asset.decimals),
            maxSupply: asset.maxSupply?.formatted(decimals: asset.decimals))
    }

    static func events(_ events: [Event], context: RenderingContext) -> [EventJSON] {
        events.map { EventJSON($0, context: context) }
    }

    static func block(_ stored: BlockStore.StoredBlock, context: RenderingContext, feeAsset: AssetSymbol)
        -> BlockResponse
    {
        let header = stored.block.header
        let transactions = zip(stored.block.transactions, stored.results).map { signed, result in
            BlockTransactionJSON(
                id: result.id.hex, sender: signed.transaction.sender.accountID.address, nonce: signed.transaction.nonce,
                fee: signed.transaction.fee.formatted(decimals: context.decimals(of: feeAsset)), code: result.code.name,
                actionCount: signed.transaction.actions.count, events: events(result.events, context: context))
        }
        let commit = stored.commit.flatMap { try? Commit(canonicalBytes: $0) }
        let evidence = stored.block.evidence.compactMap { try? Evidence(canonicalBytes: $0) }.map(Self.evidence)
        return BlockResponse(
            height: header.height, hash: stored.block.hash.hex, timeMs: header.timeMilliseconds,
            time: iso8601(milliseconds: header.timeMilliseconds), previousBlockHash: header.previousBlockHash.hex,
            previousAppHash: header.previousAppHash.hex, appHash: stored.appHash.hex,
            proposer: header.proposer.accountID.address, transactions: transactions,
            endBlockEvents: events(stored.endBlockEvents, context: context), commitRound: commit?.round,
            signers: commit?.precommits.map(\.vote.validator.hex) ?? [], evidence: evidence)
    }

    static func evidence(_ evidence: Evidence) -> EvidenceJSON {
        let vote = evidence.first.vote
        return EvidenceJSON(
            validator: evidence.validator.hex, height: vote.height, round: vote.round,
            type: vote.type == .prevote ? "prevote" : "precommit",
            values: [evidence.first.vote.value?.hex ?? "", evidence.second.vote.value?.hex ?? ""])
    }
}
