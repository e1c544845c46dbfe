import Foundation
import HTTPServer
import HTTPTypes
import Logging
import Store

extension GatewayApp {
    /// POST /messages, checks in api.md's order: (413 in the server core) → 401 → 415 → 400 JSON →
    /// 400 schema → 403 → 422 unknown dealer → what depends on the provider → the provider.
    func sendMessage(_ http: HTTPServerRequest, requestID: String) async -> HTTPServerResponse {
        let runtime = self.runtime
        func fail(_ e: GatewayError) -> HTTPServerResponse { Responses.error(e, requestID: requestID) }

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

        // Idempotency: after every check of the request itself, before the provider.
        var heldKey: String? = nil
        if let key = idempotencyKeys.first {
            let fingerprint = Idempotency.fingerprint(http.body)
            let claim: IdempotencyClaim
            do {
                claim = try await store.claim(client: client.name, key: key, fingerprint: fingerprint, now: Date(),
                                              retention: Idempotency.retention, staleClaimAfter: Idempotency.staleClaimAfter)
            } catch {
                return storeFailure(error, requestID: requestID)
            }
            switch claim {
            case .claimed:
                heldKey = key
            case .inProgress:
                var e = GatewayError(code: .idempotencyInProgress, field: "Idempotency-Key")
                e.retryAfter = "1"
                return fail(e)
            case .fingerprintMismatch:
                return fail(GatewayError(code: .idempotencyKeyReused, message: "This Idempotency-Key was used with a different request body.",
                                         field: "Idempotency-Key"))
            case .completed(let stored, let storedFingerprint):
                guard storedFingerprint == fingerprint else {
                    return fail(GatewayError(code: .idempotencyKeyReused, message: "This Idempotency-Key was used with a different request body.",
                                             field: "Idempotency-Key"))
                }
                metrics.idempotentReplay()
                return Idempotency.replay(stored, requestID: requestID)
            }
        }
        let response = await deliver(message, request: request, dealer: dealer, adapter: adapter, client: client, requestID: requestID)
        if let heldKey {
            do {
                if let code = response.errorCode, Idempotency.releasesKey(code) {
                    try await store.release(client: client.name, key: heldKey)
                } else {
                    try await store.complete(client: client.name, key: heldKey, response: Idempotency.stored(response.http), now: Date())
                }
            } catch {
                logger.error("idempotency key update failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
        }
        return response.http
    }

    /// The answer to a message handed to the provider, with its unified error code if it failed.
    struct Delivery {
        var http: HTTPServerResponse
        var errorCode: GatewayErrorCode?
    }

    private func storeFailure(_ error: any Error, requestID: String) -> HTTPServerResponse {
        logger.error("message store failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
        var e = GatewayError(code: .notReady, message: "The message store cannot be written; the message was not sent.")
        e.retryAfter = "1"
        return Responses.error(e, requestID: requestID)
    }

    /// Records the message, calls the provider once, records the outcome, and answers.
    private func deliver(_ message: ValidatedMessage, request: MessageRequest, dealer: DealerConfig, adapter: any ProviderAdapter,
                         client: ClientConfig, requestID: String) async -> Delivery {
        // From here on the message has a record, whatever happens next. Times are kept to the
        // millisecond, as rendered, so the 201 and a later GET say the same.
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        var record = MessageRecord(
            id: Identifiers.messageID(now: now), client: client.name, dealerID: request.dealerID,
            providerType: adapter.account.type, providerAccount: adapter.account.name, recipient: request.to,
            status: .unknown, segments: message.segments, encoding: message.encoding.rawValue,
            metadata: request.metadata, warnings: message.warnings.map { StoredWarning(code: $0.code, message: $0.message) },
            createdAt: now, updatedAt: now)
        do {
            try await store.save(record)
        } catch {
            return Delivery(http: storeFailure(error, requestID: requestID), errorCode: .notReady)
        }

        let upstreamStarted = ContinuousClock.now
        let outcome = await adapter.send(message, dealer: dealer)
        let upstreamDuration = ContinuousClock.now - upstreamStarted
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
        do {
            try await store.save(record)
        } catch {
            // The provider has answered; tell the caller the truth even if the record could not be updated.
            logger.error("message store update failed", metadata: ["request_id": "\(requestID)", "message_id": "\(record.id)", "error": "\(error)"])
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
        let mediaType = (contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
        return mediaType.lowercased() == "application/json"
    }
}
