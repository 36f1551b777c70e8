import BazaarCore
import Foundation

/// Runs stateless admission over a batch on every core.
///
/// Ed25519 verification is the most expensive step a transaction takes, so a
/// batch is split into one chunk per core and verified concurrently; results
/// come back in submission order.
enum BatchVerifier {
    static func admit(_ encoded: [String], chainID: String) async -> [Result<VerifiedTransaction, Rejection>] {
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, encoded.count / 32))
        let chunkSize = (encoded.count + chunkCount - 1) / max(chunkCount, 1)
        return await withTaskGroup(of: (Int, [Result<VerifiedTransaction, Rejection>]).self) { group in
            for chunk in 0..<chunkCount {
                let range = (chunk * chunkSize)..<min((chunk + 1) * chunkSize, encoded.count)
                guard !range.isEmpty else { continue }
                let slice = Array(encoded[range])
                group.addTask { (chunk, slice.map { admitOne($0, chainID: chainID) }) }
            }
            var chunks = [[Result<VerifiedTransaction, Rejection>]](repeating: [], count: chunkCount)
            for await (index, results) in group { chunks[index] = results }
            return chunks.flatMap { $0 }
        }
    }

    /// Verifies the signatures of decoded transactions on every core; `nil` where one is not valid.
    static func verify(_ transactions: [SignedTransaction]) async -> [VerifiedTransaction?] {
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, transactions.count / 32))
        let chunkSize = (transactions.count + chunkCount - 1) / max(chunkCount, 1)
        return await withTaskGroup(of: (Int, [VerifiedTransaction?]).self) { group in
            for chunk in 0..<chunkCount {
                let range = (chunk * chunkSize)..<min((chunk + 1) * chunkSize, transactions.count)
                guard !range.isEmpty else { continue }
                let slice = Array(transactions[range])
                group.addTask { (chunk, slice.map(VerifiedTransaction.init(verifying:))) }
            }
            var chunks = [[VerifiedTransaction?]](repeating: [], count: chunkCount)
            for await (index, results) in group { chunks[index] = results }
            return chunks.flatMap { $0 }
        }
    }

    private static func admitOne(_ text: String, chainID: String) -> Result<VerifiedTransaction, Rejection> {
        guard let bytes = Data(base64Encoded: text) else {
            return .failure(Rejection(.malformed, detail: "not valid base64"))
        }
        return Application.admit([UInt8](bytes), chainID: chainID)
    }
}
