import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a node's data directory, so two nodes never write one store.
///
/// The lock is an advisory `flock` on `<data>/LOCK`, released when the process
/// exits for any reason, including `kill -9`, so a crash never leaves a stale lock.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// - Throws: `NodeError.configuration` when another process holds the directory.
    init(directory: URL) throws {
        let path = directory.appendingPathComponent("LOCK").path
        let descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(.storage, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw NodeError(
                .configuration, "another node is already using \(directory.path); stop it or pick another --home")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
