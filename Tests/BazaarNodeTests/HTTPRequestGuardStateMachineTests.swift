import NIOHTTP1
import Testing

@testable import BazaarNode

/// The decisions of `HTTPRequestGuard`, without sockets.
@Suite struct HTTPRequestGuardStateMachineTests {
    static func head(_ headers: [(String, String)] = [], version: HTTPVersion = .http1_1) -> HTTPRequestHead {
        HTTPRequestHead(version: version, method: .POST, uri: "/v1/tx", headers: HTTPHeaders(headers))
    }

    @Test func aParserErrorBeforeAnyRequestIsAnsweredThenNothingMoreIsRead() {
        var machine = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        let action = machine.parserFailed(.invalidMethod, requestLineComplete: true)
        #expect(action == .reject(HTTPRejection.parserError(.invalidMethod, requestLineComplete: true)))
        #expect(machine.state == .rejecting)
        #expect(!machine.forwardsRequestParts)
        #expect(machine.parserFailed(.invalidMethod, requestLineComplete: true) == .ignore)
    }

    @Test func anOverflowIs414BeforeTheRequestLineEndsAnd431After() {
        #expect(HTTPRejection.parserError(.headerOverflow, requestLineComplete: false).status == .uriTooLong)
        #expect(
            HTTPRejection.parserError(.headerOverflow, requestLineComplete: true).status == .requestHeaderFieldsTooLarge
        )
        #expect(HTTPRejection.parserError(.invalidVersion, requestLineComplete: true).status == .badRequest)
    }

    @Test func aParserErrorWhileAResponseIsOwedClosesWithoutAnotherResponse() {
        var machine = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        #expect(machine.headReceived(Self.head()) == .forward)
        #expect(machine.parserFailed(.invalidChunkSize, requestLineComplete: true) == .close)
        #expect(machine.state == .closed)
    }

    @Test func theHeadDeadlineClosesAnIdleConnectionAndAnswersAHalfSentOneWith408() {
        var idle = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        #expect(idle.headDeadlinePassed(partialRequest: false) == .close)
        var halfSent = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        #expect(halfSent.headDeadlinePassed(partialRequest: true) == .reject(.headTimeout))
        var busy = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        _ = busy.headReceived(Self.head())
        #expect(busy.headDeadlinePassed(partialRequest: true) == .ignore)
    }

    @Test func theDeadlineRestartsOnlyWhenNoResponseIsOwed() {
        var machine = HTTPRequestGuardStateMachine(bodyBytesMax: 1024)
        _ = machine.headReceived(Self.head())
        _ = machine.headReceived(Self.head())
        let first = machine.responseEnded()
        let second = machine.responseEnded()
        #expect(!first)
        #expect(second)
        #expect(machine.state == .open(requestsInFlight: 0))
    }

    @Test func bodyLimitsAreCheckedOnTheDeclaredLengthAtTheBoundary() {
        #expect(HTTPRequestGuardStateMachine.check(Self.head([("content-length", "1024")]), bodyBytesMax: 1024) == nil)
        #expect(
            HTTPRequestGuardStateMachine.check(Self.head([("content-length", "1025")]), bodyBytesMax: 1024)?.status
                == .payloadTooLarge)
        #expect(
            HTTPRequestGuardStateMachine.check(Self.head([("content-length", "x")]), bodyBytesMax: 1024)?.status
                == .badRequest)
        #expect(
            HTTPRequestGuardStateMachine.check(
                Self.head([("content-length", "5"), ("transfer-encoding", "chunked")]), bodyBytesMax: 1024)?.status
                == .badRequest)
        #expect(
            HTTPRequestGuardStateMachine.check(Self.head(version: HTTPVersion(major: 9, minor: 9)), bodyBytesMax: 1024)?
                .status == .httpVersionNotSupported)
    }
}
