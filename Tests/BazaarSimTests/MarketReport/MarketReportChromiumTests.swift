import Foundation
import Testing

@testable import BazaarSim

/// The report in a real browser: Debian's headless `chromium` parses it and paints its charts.
///
/// Skipped when chromium is not installed, unless `BAZAAR_REQUIRE_CHROMIUM=1` (which `.ci/run`
/// sets after installing it), in which case a missing browser fails the test.
@Suite struct MarketReportChromiumTests {
    static let required = ProcessInfo.processInfo.environment["BAZAAR_REQUIRE_CHROMIUM"] == "1"

    /// The first `chromium` (or `chromium-browser`) on `PATH`.
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let deadlineSeconds = 120.0

    /// Runs chromium headless on `page` with `arguments`, to completion within the deadline; its stdout.
    static func runChromium(_ chromium: String, _ arguments: [String], page: URL, directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            ] + arguments + [page.absoluteString]
        let stdout = directory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        let handle = try FileHandle(forWritingTo: stdout)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(deadlineSeconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish within \(deadlineSeconds) s")
        }
        return try String(contentsOf: stdout, encoding: .utf8)
    }

    @Test(
        .enabled(
            if: chromium != nil || required,
            "chromium is not installed (apt-get install chromium); CI installs it and sets BAZAAR_REQUIRE_CHROMIUM=1"))
    func chartsRenderInChromium() throws {
        let chromium = try #require(Self.chromium, "BAZAAR_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bazaar-report-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // BAZAAR_KEEP_REPORT=1 keeps the page and its screenshot to look at.
        defer {
            if ProcessInfo.processInfo.environment["BAZAAR_KEEP_REPORT"] == "1" {
                print("report and screenshot kept in \(directory.path)")
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        let page = directory.appendingPathComponent("report.html")
        try Data(MarketReportHTML.render(SyntheticMarketOutput.output()).utf8).write(to: page)

        // The document as the browser built it: every chart is an SVG element with its lines.
        let dom = try Self.runChromium(chromium, ["--dump-dom"], page: page, directory: directory)
        #expect(dom.components(separatedBy: "<svg ").count - 1 == MarketReportHTMLTests.chartIDs.count)
        for id in MarketReportHTMLTests.chartIDs { #expect(dom.contains("<svg id=\"\(id)\""), "\(id) in the DOM") }
        #expect(dom.components(separatedBy: "<polyline").count - 1 >= 9)

        // What it painted: a screenshot in which the chart colours appear.
        let screenshot = directory.appendingPathComponent("report.png")
        _ = try Self.runChromium(
            chromium, ["--screenshot=\(screenshot.path)", "--window-size=1280,2600"], page: page, directory: directory)
        let deadline = Date().addingTimeInterval(Self.deadlineSeconds)
        while !FileManager.default.fileExists(atPath: screenshot.path) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let image = try PNGImage(bytes: [UInt8](try Data(contentsOf: screenshot)))
        #expect(image.width == 1280)
        #expect(image.height == 2600)
        var counts = [UInt32: Int]()
        for pixel in image.pixels { counts[pixel, default: 0] += 1 }
        #expect(counts.count > 100, "\(counts.count) distinct colours: the page is blank or nearly")
        let white = counts[0xFFFFFF, default: 0] + counts[0xFAFAFA, default: 0]
        #expect(Double(white) < 0.97 * Double(image.pixels.count), "almost every pixel is background")
        let painted: [(String, UInt32)] = [
            ("the oracle's line", 0x1F77B4), ("the insurance fund's line", 0x2CA02C), ("the bad debt line", 0xD62728),
            ("the liquidation bars", 0x9467BD), ("the liquidation volume bars", 0xFF7F0E),
            ("the failures box, from the style sheet the policy allows", 0xFDECEA),
        ]
        for (what, color) in painted {
            #expect(counts[color, default: 0] >= 50, "\(what) (#\(String(color, radix: 16))) is not on the screenshot")
        }
    }
}
