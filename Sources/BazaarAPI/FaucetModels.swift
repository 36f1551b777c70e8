/// `POST /v1/faucet` body: the address to fund (devnet only).
public struct FaucetRequest: Codable, Sendable, Equatable {
    public var address: String

    public init(address: String) { self.address = address }
}

/// `POST /v1/faucet` answer (202): the pending grant's transaction and what it transfers.
public struct FaucetGrantResponse: Codable, Sendable, Equatable {
    public var id: String
    public var address: String
    public var amounts: [BalanceJSON]

    public init(id: String, address: String, amounts: [BalanceJSON]) {
        self.id = id
        self.address = address
        self.amounts = amounts
    }
}

/// `GET /v1/faucet`: what a grant transfers and the limits; 403 `faucet_disabled` where there is no faucet.
public struct FaucetInfoResponse: Codable, Sendable, Equatable {
    public var amounts: [BalanceJSON]
    /// One grant per address per this many seconds.
    public var perAddressIntervalSeconds: UInt64
    /// At most `globalGrantsMax` grants in any window of `globalWindowSeconds`, across all addresses.
    public var globalGrantsMax: Int
    public var globalWindowSeconds: UInt64

    public init(
        amounts: [BalanceJSON], perAddressIntervalSeconds: UInt64, globalGrantsMax: Int, globalWindowSeconds: UInt64
    ) {
        self.amounts = amounts
        self.perAddressIntervalSeconds = perAddressIntervalSeconds
        self.globalGrantsMax = globalGrantsMax
        self.globalWindowSeconds = globalWindowSeconds
    }
}
