/// The JSON stored in `<home>/keys/<name>.json`.
///
/// The address and public key are redundant with the seed; they are kept so a
/// person can read the file, and checked on load so a damaged file is noticed.
struct KeyFile: Codable, Sendable, Equatable {
    var name: String
    var address: String
    /// Hex of the 32-byte Ed25519 public key.
    var publicKey: String
    /// Hex of the 32-byte Ed25519 seed.
    var privateKey: String
}
