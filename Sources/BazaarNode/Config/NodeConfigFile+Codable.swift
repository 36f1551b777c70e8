import Foundation
import Logging

// Decoding refuses fields the format does not know, in every object, so that a misspelt
// name is an error rather than a silent default. Range checks live in `validate`.
extension NodeConfigFile: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case version, genesisFile, validatorKeyFile, dataDirectory, api, p2p, peers, blockIntervalMs, idleIntervalMs
        case timeouts, logLevel, oracleSource, oracleReportIntervalMs
    }

    public init(from decoder: any Decoder) throws {
        try Self.rejectUnknownFields(in: decoder, known: CodingKeys.allCases.map(\.stringValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = NodeConfigFile()
        version = try container.decode(Int.self, forKey: .version)
        genesisFile = try container.decodeIfPresent(String.self, forKey: .genesisFile) ?? defaults.genesisFile
        validatorKeyFile =
            try container.decodeIfPresent(String.self, forKey: .validatorKeyFile) ?? defaults.validatorKeyFile
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? defaults.dataDirectory
        api = try container.decodeIfPresent(Address.self, forKey: .api) ?? defaults.api
        p2p = try container.decodeIfPresent(Address.self, forKey: .p2p) ?? defaults.p2p
        peers = try container.decodeIfPresent([PeerEntry].self, forKey: .peers)?.map(\.record) ?? []
        blockIntervalMs = try container.decodeIfPresent(Int.self, forKey: .blockIntervalMs) ?? defaults.blockIntervalMs
        idleIntervalMs =
            try container.decodeIfPresent(Int.self, forKey: .idleIntervalMs)
            ?? Self.defaultIdleIntervalMs(blockIntervalMs: blockIntervalMs)
        timeouts = try container.decodeIfPresent(Timeouts.self, forKey: .timeouts) ?? defaults.timeouts
        if let text = try container.decodeIfPresent(String.self, forKey: .logLevel) {
            guard let level = Logger.Level(rawValue: text) else {
                throw Swift.DecodingError.dataCorruptedError(
                    forKey: .logLevel, in: container,
                    debugDescription:
                        "'\(text)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            logLevel = level
        } else {
            logLevel = defaults.logLevel
        }
        oracleSource = try container.decodeIfPresent(String.self, forKey: .oracleSource)
        oracleReportIntervalMs = try container.decodeIfPresent(Int.self, forKey: .oracleReportIntervalMs)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(genesisFile, forKey: .genesisFile)
        try container.encode(validatorKeyFile, forKey: .validatorKeyFile)
        try container.encode(dataDirectory, forKey: .dataDirectory)
        try container.encode(api, forKey: .api)
        try container.encode(p2p, forKey: .p2p)
        try container.encode(peers, forKey: .peers)
        try container.encode(blockIntervalMs, forKey: .blockIntervalMs)
        try container.encode(idleIntervalMs, forKey: .idleIntervalMs)
        try container.encode(timeouts, forKey: .timeouts)
        try container.encode(logLevel.rawValue, forKey: .logLevel)
        try container.encodeIfPresent(oracleSource, forKey: .oracleSource)
        try container.encodeIfPresent(oracleReportIntervalMs, forKey: .oracleReportIntervalMs)
    }

    /// One entry of `peers`: a `PeerRecord`, with unknown fields refused.
    private struct PeerEntry: Decodable {
        let record: PeerRecord

        init(from decoder: any Decoder) throws {
            try NodeConfigFile.rejectUnknownFields(in: decoder, known: ["id", "host", "port"])
            record = try PeerRecord(from: decoder)
        }
    }

    /// Any key of a JSON object.
    private struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func rejectUnknownFields(in decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.filter { !known.contains($0.stringValue) }.sorted {
            $0.stringValue < $1.stringValue
        }
        guard let first = unknown.first else { return }
        throw Swift.DecodingError.dataCorrupted(
            .init(
                codingPath: container.codingPath + [first],
                debugDescription: "unknown field; the known ones are \(known.joined(separator: ", "))"))
    }

    /// A decoding failure as `<field path>: <problem>`, e.g. `peers[1].port: expected a whole number`.
    static func describe(_ error: Swift.DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return context.codingPath.isEmpty
                ? "expected a JSON object" : "\(field(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(field(context.codingPath)): expected \(Self.describe(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(field(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else {
                let detail = context.underlyingError.map { ": \($0)" } ?? ""
                return "not valid JSON\(detail)"
            }
            return "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Int.self || type == UInt64.self { return "a whole number" }
        if type == Bool.self { return "true or false" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return name
    }
}

extension NodeConfigFile.Address: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port
    }

    public init(from decoder: any Decoder) throws {
        try NodeConfigFile.rejectUnknownFields(in: decoder, known: CodingKeys.allCases.map(\.stringValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decode(Int.self, forKey: .port)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
    }
}

extension NodeConfigFile.Timeouts: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case proposeMs, proposeDeltaMs, prevoteMs, prevoteDeltaMs, precommitMs, precommitDeltaMs, maxMs
    }

    /// Each field may be left out and takes its default.
    public init(from decoder: any Decoder) throws {
        try NodeConfigFile.rejectUnknownFields(in: decoder, known: CodingKeys.allCases.map(\.stringValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        func value(_ key: CodingKeys, _ fallback: Int) throws -> Int {
            try container.decodeIfPresent(Int.self, forKey: key) ?? fallback
        }
        proposeMs = try value(.proposeMs, defaults.proposeMs)
        proposeDeltaMs = try value(.proposeDeltaMs, defaults.proposeDeltaMs)
        prevoteMs = try value(.prevoteMs, defaults.prevoteMs)
        prevoteDeltaMs = try value(.prevoteDeltaMs, defaults.prevoteDeltaMs)
        precommitMs = try value(.precommitMs, defaults.precommitMs)
        precommitDeltaMs = try value(.precommitDeltaMs, defaults.precommitDeltaMs)
        maxMs = try value(.maxMs, defaults.maxMs)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(proposeMs, forKey: .proposeMs)
        try container.encode(proposeDeltaMs, forKey: .proposeDeltaMs)
        try container.encode(prevoteMs, forKey: .prevoteMs)
        try container.encode(prevoteDeltaMs, forKey: .prevoteDeltaMs)
        try container.encode(precommitMs, forKey: .precommitMs)
        try container.encode(precommitDeltaMs, forKey: .precommitDeltaMs)
        try container.encode(maxMs, forKey: .maxMs)
    }
}
