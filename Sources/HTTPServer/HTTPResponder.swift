import Synchronization

/// Answers one request, once, from any thread: what an `HTTPServeFunction` gets with each request
/// (like the `ResponseWriter` of Go's `ServeHTTP`).
///
/// A handler may answer at once, from a task, or from a completion callback much later; until it
/// does, the request holds no task and no async frames, only whatever the handler keeps (a gateway
/// waiting on thousands of slow upstream calls keeps little). A responder dropped without an answer
/// answers 500 (`HTTPServerError.unanswered`) itself, so a connection never waits forever.
public final class HTTPResponder: Sendable {
    private let connection: Connection
    private let sequence: Int
    private let answered = Atomic<Bool>(false)

    init(connection: Connection, sequence: Int) {
        self.connection = connection
        self.sequence = sequence
    }

    /// The connection's executor: a task started with this preference runs on the connection's
    /// queue, and an answer given from it is written without a hop.
    public var executor: any TaskExecutor { connection.executor }

    /// Sends the answer. Only the first call counts; later ones are ignored.
    public func respond(_ response: HTTPServerResponse) {
        guard answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        connection.answer(response, sequence: sequence)
    }

    /// Runs `body` as a task on the connection's executor and answers with what it returns.
    public func respond(with body: @escaping @Sendable () async -> HTTPServerResponse) {
        Task(executorPreference: connection.executor) { self.respond(await body()) }
    }

    deinit {
        if !answered.load(ordering: .acquiring) {
            connection.answerUnanswered(sequence: sequence)
        }
    }
}

/// The application's request handler in callback form: it must answer through the responder,
/// now or later, from any thread.
public typealias HTTPServeFunction = @Sendable (HTTPServerRequest, HTTPResponder) -> Void
