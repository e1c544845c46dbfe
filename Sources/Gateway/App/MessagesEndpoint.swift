import Foundation
import HTTPServer
import HTTPTypes
import Logging
import Store

extension GatewayApp {
    // POST /messages is built so that what a request keeps while it waits on its provider is small:
    // thousands of requests wait at once. The checks run synchronously, on the connection's queue;
    // the idempotency claim and the first save run in a task; the provider is called with a
    // completion callback and that task ends, so a waiting message holds no task and no async frames
    // (a task keeps every slab its deepest chain of frames needed until it ends: ~4 KB a request,
    // docs/load.md), only `PendingMessage`, `DeliveryState` and the request's `Exchange`. A second task
    // saves the outcome and answers. Everything synchronous in the tasks runs in `@inline(never)`
    // functions, whose locals live on the thread's stack rather than in an async frame.

    /// POST /messages, checks in api.md's order: (413 in the server core) → 401 → 415 → 400 JSON →
    /// 400 schema → 403 → 422 unknown dealer → what depends on the provider → the provider.
    func sendMessage(_ http: HTTPServerRequest, _ exchange: Exchange) {
        switch prepareMessage(http, requestID: exchange.requestID) {
        case .answer(let response):
            answer(exchange, response)
        case .ready(let pending):
            Task(executorPreference: exchange.executor) { [self] in await recordAndSend(pending, exchange) }
        }
    }

    /// Claims the idempotency key (after every check of the request itself, before the provider),
    /// records the message, and hands it to the provider.
    private func recordAndSend(_ pending: PendingMessage, _ exchange: Exchange) async {
        if pending.idempotencyKey != nil, let answer = await claimOrAnswer(pending) {
            self.answer(exchange, answer)
            return
        }
        // From here on the message has a record, whatever happens next.
        let state = Self.newDelivery(pending)
        if let error = await saveNew(state.current) {
            await conclude(pending, notRecorded(error, pending), exchange)
            return
        }
        callProvider(pending, state, exchange)
    }

    /// The one provider call. No task waits for it: its completion starts the task that records the
    /// outcome and answers.
    @inline(never)
    private func callProvider(_ pending: PendingMessage, _ state: DeliveryState, _ exchange: Exchange) {
        let started = ContinuousClock.now
        pending.adapter.start(pending.message, dealer: pending.dealer) { [self] outcome in
            Self.settle(state, outcome, duration: ContinuousClock.now - started)
            Task(executorPreference: exchange.executor) { await self.recordOutcome(pending, state, exchange) }
        }
    }

    /// Saves the provider's answer into the record, and answers.
    private func recordOutcome(_ pending: PendingMessage, _ state: DeliveryState, _ exchange: Exchange) async {
        if let error = await saveOutcome(state.current) {
            // The provider has answered; tell the caller the truth even if the record could not be updated.
            logRecordUpdateFailure(error, state: state, requestID: pending.requestID)
        }
        await conclude(pending, delivered(state, requestID: pending.requestID), exchange)
    }

    /// Settles the idempotency key, if any, with the answer, and answers.
    private func conclude(_ pending: PendingMessage, _ delivery: Delivery, _ exchange: Exchange) async {
        if pending.idempotencyKey != nil {
            await settleKey(pending, delivery)
        }
        answer(exchange, delivery.http)
    }

    /// What a message that passed every check carries to the provider and the store.
    final class PendingMessage: Sendable {
        let requestID: String
        let client: ClientConfig
        let request: MessageRequest
        let dealer: DealerConfig
        let adapter: any ProviderAdapter
        let message: ValidatedMessage
        let idempotencyKey: String?
        /// Set only when there is an idempotency key.
        let fingerprint: String

        init(requestID: String, client: ClientConfig, request: MessageRequest, dealer: DealerConfig, adapter: any ProviderAdapter,
             message: ValidatedMessage, idempotencyKey: String?, fingerprint: String) {
            self.requestID = requestID
            self.client = client
            self.request = request
            self.dealer = dealer
            self.adapter = adapter
            self.message = message
            self.idempotencyKey = idempotencyKey
            self.fingerprint = fingerprint
        }
    }

    enum Prepared {
        /// The gateway answers by itself; no provider is called.
        case answer(HTTPServerResponse)
        case ready(PendingMessage)
    }

    /// Every check of the request that needs neither the store nor the provider.
    @inline(never)
    func prepareMessage(_ http: HTTPServerRequest, requestID: String) -> Prepared {
        let runtime = self.runtime
        func fail(_ e: GatewayError) -> Prepared { .answer(Responses.error(e, requestID: requestID)) }

        guard let client = runtime.client(authorization: http.headerFields[.authorization]) else {
            return fail(GatewayError(code: .unauthorized))
        }
        guard Self.isJSON(http.headerFields[.contentType]) else {
            return fail(GatewayError(code: .unsupportedMediaType, message: "Content-Type must be application/json.", field: "Content-Type"))
        }
        let request: MessageRequest
        switch MessageRequestDecoder.decode(http.body) {
        case .success(let r): request = r
        case .failure(let e): return fail(e)
        }
        let idempotencyKeys = http.headerFields[values: .idempotencyKey]
        if !idempotencyKeys.isEmpty, idempotencyKeys.count > 1 || !IdempotencyKey.isValid(idempotencyKeys[0]) {
            return fail(.invalidRequest(field: "Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters, sent once."))
        }
        guard client.mayAccess(dealer: request.dealerID) else {
            return fail(GatewayError(code: .forbidden, message: "This client may not send for dealer \"\(request.dealerID)\".", field: "dealer_id"))
        }
        guard let dealer = runtime.config.dealers[request.dealerID], let adapter = runtime.adapters[dealer.providerAccount] else {
            return fail(GatewayError(code: .unknownDealer, message: "No dealer \"\(request.dealerID)\" is configured.", field: "dealer_id"))
        }
        let message: ValidatedMessage
        switch MessageValidator.validate(request, capabilities: adapter.capabilities(for: dealer)) {
        case .success(let m): message = m
        case .failure(let e): return fail(e)
        }
        let key = idempotencyKeys.first
        return .ready(PendingMessage(
            requestID: requestID, client: client, request: request, dealer: dealer, adapter: adapter, message: message,
            idempotencyKey: key, fingerprint: key == nil ? "" : Idempotency.fingerprint(http.body)))
    }

    /// Claims the request's idempotency key: nil when this request now holds it and goes on, otherwise
    /// the answer (a replay, 409, 422, or 503 when the store fails). Out of line, like every async step
    /// below, so that its frame exists only while it runs, not for the whole provider call.
    @inline(never)
    private func claimOrAnswer(_ pending: PendingMessage) async -> HTTPServerResponse? {
        let claim: IdempotencyClaim
        do {
            claim = try await store.claim(client: pending.client.name, key: pending.idempotencyKey ?? "", fingerprint: pending.fingerprint,
                                          now: Date(), retention: Idempotency.retention, staleClaimAfter: Idempotency.staleClaimAfter)
        } catch {
            return storeFailure(error, requestID: pending.requestID)
        }
        return answer(for: claim, pending)
    }

    /// The answer a claim gives by itself, or nil when this request now holds the key and goes on.
    @inline(never)
    private func answer(for claim: IdempotencyClaim, _ pending: PendingMessage) -> HTTPServerResponse? {
        func fail(_ e: GatewayError) -> HTTPServerResponse { Responses.error(e, requestID: pending.requestID) }
        switch claim {
        case .claimed:
            return nil
        case .inProgress:
            var e = GatewayError(code: .idempotencyInProgress, field: "Idempotency-Key")
            e.retryAfter = "1"
            return fail(e)
        case .fingerprintMismatch:
            return fail(GatewayError(code: .idempotencyKeyReused, message: "This Idempotency-Key was used with a different request body.",
                                     field: "Idempotency-Key"))
        case .completed(let stored, let storedFingerprint):
            guard storedFingerprint == pending.fingerprint else {
                return fail(GatewayError(code: .idempotencyKeyReused, message: "This Idempotency-Key was used with a different request body.",
                                         field: "Idempotency-Key"))
            }
            metrics.idempotentReplay()
            return Idempotency.replay(stored, requestID: pending.requestID)
        }
    }

    /// Stores the answer under the request's idempotency key, or releases the key when the answer says
    /// the message was certainly not sent (so a retry may send it).
    @inline(never)
    private func settleKey(_ pending: PendingMessage, _ delivery: Delivery) async {
        guard let key = pending.idempotencyKey else { return }
        do {
            if let code = delivery.errorCode, Idempotency.releasesKey(code) {
                try await store.release(client: pending.client.name, key: key)
            } else {
                try await store.complete(client: pending.client.name, key: key, response: Idempotency.stored(delivery.http), now: Date())
            }
        } catch {
            logKeyUpdateFailure(error, requestID: pending.requestID)
        }
    }

    @inline(never)
    private func logKeyUpdateFailure(_ error: any Error, requestID: String) {
        logger.error("idempotency key update failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
    }

    /// The answer to a message handed to the provider, with its unified error code if it failed.
    struct Delivery {
        var http: HTTPServerResponse
        var errorCode: GatewayErrorCode?
    }

    @inline(never)
    private func storeFailure(_ error: any Error, requestID: String) -> HTTPServerResponse {
        logger.error("message store failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
        var e = GatewayError(code: .notReady, message: "The message store cannot be written; the message was not sent.")
        e.retryAfter = "1"
        return Responses.error(e, requestID: requestID)
    }

    /// What a message keeps while the store and the provider work on it. Used by one step after
    /// another (a task, the provider's completion, a task), each started by the one before; never shared.
    final class DeliveryState: @unchecked Sendable {
        /// The record as last built; immutable in its box, so a save can read it in place.
        var current: RecordBox
        var outcome: ProviderOutcome?
        var upstreamDuration: Duration = .zero

        var record: MessageRecord { current.record }

        init(record: MessageRecord) {
            self.current = RecordBox(record)
        }
    }

    final class RecordBox: Sendable {
        let record: MessageRecord
        init(_ record: MessageRecord) { self.record = record }
    }

    @inline(never)
    private static func newDelivery(_ pending: PendingMessage) -> DeliveryState {
        DeliveryState(record: newRecord(pending))
    }

    @inline(never)
    private func notRecorded(_ error: any Error, _ pending: PendingMessage) -> Delivery {
        Delivery(http: storeFailure(error, requestID: pending.requestID), errorCode: .notReady)
    }

    /// Saves the new record; the error when the store refused it.
    @inline(never)
    private func saveNew(_ box: RecordBox) async -> (any Error)? {
        do {
            try await store.save(box.record)
            return nil
        } catch {
            return error
        }
    }

    /// Saves the provider's answer into the record; the error when the store refused it.
    @inline(never)
    private func saveOutcome(_ box: RecordBox) async -> (any Error)? {
        do {
            try await store.saveOutcome(box.record)
            return nil
        } catch {
            return error
        }
    }

    @inline(never)
    private static func settle(_ state: DeliveryState, _ outcome: ProviderOutcome, duration: Duration) {
        state.outcome = outcome
        state.upstreamDuration = duration
        state.current = RecordBox(record(state.record, after: outcome))
    }

    /// The record of a message about to be handed to the provider: status `unknown` until it answers.
    /// Times are kept to the millisecond, as rendered, so the 201 and a later GET say the same.
    @inline(never)
    private static func newRecord(_ p: PendingMessage) -> MessageRecord {
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        return MessageRecord(
            id: Identifiers.messageID(now: now), client: p.client.name, dealerID: p.request.dealerID,
            providerType: p.adapter.account.type, providerAccount: p.adapter.account.name, recipient: p.request.to,
            status: .unknown, segments: p.message.segments, encoding: p.message.encoding.rawValue,
            metadata: p.request.metadata, warnings: p.message.warnings.map { StoredWarning(code: $0.code, message: $0.message) },
            createdAt: now, updatedAt: now)
    }

    /// The record once the provider has answered.
    @inline(never)
    private static func record(_ record: MessageRecord, after outcome: ProviderOutcome) -> MessageRecord {
        var record = record
        record.updatedAt = Date()
        switch outcome {
        case .sent(let providerMessageID, let warnings):
            record.status = .sent
            record.providerMessageID = providerMessageID
            record.warnings += warnings.map { StoredWarning(code: $0.code, message: $0.message) }
        case .failed(let e, let status):
            record.status = status
            record.error = StoredError(e)
        }
        return record
    }

    @inline(never)
    private func logRecordUpdateFailure(_ error: any Error, state: DeliveryState, requestID: String) {
        logger.error("message store update failed", metadata: ["request_id": "\(requestID)", "message_id": "\(state.record.id)", "error": "\(error)"])
    }

    /// Metrics, the upstream log line and the caller's answer for a message the provider has answered.
    @inline(never)
    private func delivered(_ state: DeliveryState, requestID: String) -> Delivery {
        let record = state.record
        let upstreamDuration = state.upstreamDuration
        guard let outcome = state.outcome else {
            return Delivery(http: Responses.error(GatewayError(code: .internalError), requestID: requestID, messageID: record.id),
                            errorCode: .internalError)
        }
        let outcomeLabel: String
        switch outcome {
        case .sent: outcomeLabel = "sent"
        case .failed(let e, _): outcomeLabel = e.code.rawValue
        }
        metrics.message(provider: record.providerType, account: record.providerAccount, outcome: outcomeLabel,
                        upstreamDuration: upstreamDuration)
        logger.info("upstream call", metadata: [
            "request_id": "\(requestID)", "message_id": "\(record.id)", "provider": "\(record.providerType)",
            "account": "\(record.providerAccount)", "outcome": "\(outcomeLabel)", "to": "\(PhoneMasking.mask(record.recipient))",
            "latency_ms": "\(Self.milliseconds(upstreamDuration))",
        ])

        switch outcome {
        case .sent:
            return Delivery(http: Responses.json(.created, RecordJSON.render(record, includeError: false), requestID: requestID,
                                                 extra: [.location: "/messages/\(record.id)"]), errorCode: nil)
        case .failed(let e, _):
            return Delivery(http: Responses.error(e, requestID: requestID, messageID: record.id), errorCode: e.code)
        }
    }

    /// GET /messages/{id}: visible to clients allowed for the message's dealer; 404 to everyone else.
    func lookUpMessage(id: String, request http: HTTPServerRequest, requestID: String) async -> HTTPServerResponse {
        let runtime = self.runtime
        guard let client = runtime.client(authorization: http.headerFields[.authorization]) else {
            return Responses.error(GatewayError(code: .unauthorized), requestID: requestID)
        }
        let notFound = Responses.error(GatewayError(code: .notFound, message: "No message \(String(id.prefix(64))) is visible to this client."), requestID: requestID)
        let record: MessageRecord?
        do {
            record = try await store.record(id: id)
        } catch {
            logger.error("message store read failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            var e = GatewayError(code: .notReady, message: "The message store cannot be read.")
            e.retryAfter = "1"
            return Responses.error(e, requestID: requestID)
        }
        guard let record, client.mayAccess(dealer: record.dealerID) else { return notFound }
        return Responses.json(.ok, RecordJSON.render(record, includeError: true), requestID: requestID)
    }

    /// `application/json`, parameters allowed, case-insensitive.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        return HTTPFieldText.equalsIgnoringASCIICase(HTTPFieldText.mediaType(contentType), "application/json")
    }
}

