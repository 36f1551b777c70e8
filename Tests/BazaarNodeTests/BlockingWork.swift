import Foundation

/// Runs blocking work (sleeps, waiting on child processes) on a Dispatch thread, so that it does
/// not hold one of the cooperative threads the in-process nodes and network tests running
/// alongside need to make progress.
func onDispatchThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
