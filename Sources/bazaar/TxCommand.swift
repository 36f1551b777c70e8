import ArgumentParser

/// `bazaar tx ID`: a transaction's status and result.
struct TxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Show a transaction's status and result.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The transaction id (64 hex digits).") var id: String

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().transaction(id: id)
            if global.json { return try Output.json(response) }
            var pairs = [("id", response.id), ("status", response.status.rawValue)]
            if let height = response.height { pairs.append(("height", String(height))) }
            if let index = response.index { pairs.append(("index", String(index))) }
            if let code = response.code { pairs.append(("result", code)) }
            if let message = response.message { pairs.append(("message", message)) }
            if let failed = response.failedActionIndex { pairs.append(("failed action", String(failed))) }
            Output.fields(pairs)
            if let events = response.events, !events.isEmpty {
                print("")
                EventTable.print(events)
            }
        }
    }
}
