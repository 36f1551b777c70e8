import Foundation
import Testing

/// Debian's headless `chromium`, as the market report's test runs it (BazaarSimTests).
///
/// Tests that need it skip when it is not installed, unless `BAZAAR_REQUIRE_CHROMIUM=1` (which
/// `.ci/run` sets after installing it), in which case a missing browser fails them.
enum HeadlessChromium {
    static let required = ProcessInfo.processInfo.environment["BAZAAR_REQUIRE_CHROMIUM"] == "1"

    /// The first `chromium` (or `chromium-browser`) on `PATH`.
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let isAvailable = path != nil || required

    /// Opens `url` in a new headless chromium with a fresh profile under `directory`; the caller
    /// terminates it (the browser stays open on the page).
    static func open(_ url: String, directory: URL) throws -> Process {
        let chromium = try #require(path, "BAZAAR_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)", url,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts a headless chromium on `about:blank` with the DevTools protocol on a free loopback
    /// port (named in `profile/DevToolsActivePort`) and a 1366×768 window, for `DevToolsPage`.
    ///
    /// - Parameter arguments: more command-line switches, such as a certificate to trust.
    static func launchForDevTools(profile: URL, arguments: [String] = []) throws -> Process {
        let chromium = try #require(path, "BAZAAR_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1366,768",
                // The test's WebSocket client sends this Origin; chromium refuses any origin not listed.
                "--remote-allow-origins=ws://127.0.0.1",
                "--user-data-dir=\(profile.path)",
            ] + arguments + ["about:blank"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func stop(_ process: Process) {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
