#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WriteAheadLog {
    /// The few POSIX calls the log and the signer state need, each retrying `EINTR` and short
    /// transfers and turning failures into `NodeError.storage` messages that name the file.
    ///
    /// Plain descriptors rather than `FileHandle`: the durability argument rests on knowing exactly
    /// which system call made which bytes durable, and `FileHandle` hides that.
    enum FileIO {
        /// The `errno` text, for messages.
        static func lastError() -> String { String(cString: strerror(errno)) }

        /// Opens `path` with `flags`.
        ///
        /// - Throws: `NodeError.storage` when the file cannot be opened.
        static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> Int32 {
            while true {
                let descriptor = open(path, flags | O_CLOEXEC, mode)
                if descriptor >= 0 { return descriptor }
                if errno == EINTR { continue }
                throw NodeError(.storage, "cannot open \(path): \(lastError())")
            }
        }

        /// Writes all of `bytes` at `offset`.
        ///
        /// - Throws: `NodeError.storage` on any error, including a full disk.
        /// - Complexity: O(*n*) in the number of bytes.
        static func write(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws {
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { buffer in
                    pwrite(descriptor, buffer.baseAddress! + written, bytes.count - written, off_t(offset + written))
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw NodeError(.storage, "cannot write \(path) at byte \(offset + written): \(lastError())")
                }
                written += result
            }
        }

        /// Reads exactly `count` bytes at `offset`, or fewer only where the file ends.
        ///
        /// - Throws: `NodeError.storage` on a read error.
        /// - Complexity: O(*n*) in `count`.
        static func read(_ descriptor: Int32, count: Int, at offset: Int, path: String) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let result = bytes.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset + filled))
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw NodeError(.storage, "cannot read \(path) at byte \(offset + filled): \(lastError())")
                }
                if result == 0 { break }
                filled += result
            }
            bytes.removeLast(count - filled)
            return bytes
        }

        /// The file's size in bytes.
        ///
        /// - Throws: `NodeError.storage` when `fstat` fails.
        static func size(_ descriptor: Int32, path: String) throws -> Int {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                throw NodeError(.storage, "cannot stat \(path): \(lastError())")
            }
            return Int(status.st_size)
        }

        /// Makes the file's data and the metadata needed to read it back (its size) durable.
        ///
        /// `fdatasync` on Linux covers a size change; Darwin's `fsync` only reaches the drive's
        /// cache, so there it is `F_FULLFSYNC`. A failed sync is not retried: after one, the kernel
        /// may have dropped the dirty pages, so the caller must treat the file as lost.
        ///
        /// - Throws: `NodeError.storage` when the sync fails.
        static func sync(_ descriptor: Int32, path: String) throws {
            #if canImport(Darwin)
                let result = fcntl(descriptor, F_FULLFSYNC)
            #else
                let result = fdatasync(descriptor)
            #endif
            guard result == 0 else {
                throw NodeError(.storage, "cannot sync \(path) to disk: \(lastError())")
            }
        }

        /// Makes a directory's entries durable, so a file created or renamed in it survives power loss.
        ///
        /// - Throws: `NodeError.storage` when the directory cannot be opened or synced.
        static func syncDirectory(_ path: String) throws {
            let descriptor = try openFile(path, O_RDONLY | O_DIRECTORY)
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else {
                throw NodeError(.storage, "cannot sync directory \(path) to disk: \(lastError())")
            }
        }

        /// Replaces `path` with `bytes` atomically and durably: a reader (or a restart) sees the
        /// old contents or the new, never a mixture, and the new contents are on disk on return.
        ///
        /// Order: write `path.tmp`, sync it, rename it over `path`, sync the directory. The rename
        /// is atomic; the first sync keeps it from exposing a file whose data is not yet on disk;
        /// the directory sync makes the rename itself durable.
        ///
        /// - Throws: `NodeError.storage` on any failure; `path` then still holds the old contents.
        /// - Complexity: O(*n*) in the number of bytes, plus three syncs.
        static func replaceAtomically(_ path: String, with bytes: [UInt8]) throws {
            let temporary = path + ".tmp"
            let descriptor = try openFile(temporary, O_WRONLY | O_CREAT | O_TRUNC)
            do {
                try write(descriptor, bytes, at: 0, path: temporary)
                try sync(descriptor, path: temporary)
            } catch {
                close(descriptor)
                throw error
            }
            close(descriptor)
            guard rename(temporary, path) == 0 else {
                throw NodeError(.storage, "cannot rename \(temporary) to \(path): \(lastError())")
            }
            try syncDirectory(directory(of: path))
        }

        /// The directory part of `path`, `"."` when it has none.
        static func directory(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }
    }
}
