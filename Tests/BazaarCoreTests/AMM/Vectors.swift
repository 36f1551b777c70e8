import Foundation

/// The shared reference vectors at `<package root>/../shared/vectors`.
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors")

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("uniswap_v2_amounts.json").path)
    }

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String {
        if let text = self[key] as? String { return text }
        if let number = self[key] as? NSNumber { return number.stringValue }
        fatalError("no \(key) in \(self)")
    }

    func dictionary(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
    func array(_ key: String) -> [[String: Any]] { self[key] as! [[String: Any]] }
}
