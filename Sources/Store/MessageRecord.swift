import Foundation

/// What happened to a message, as far as the gateway knows.
public enum MessageStatus: String, Sendable, Codable {
    /// The provider accepted it.
    case sent
    /// The provider refused it.
    case failed
    /// No readable answer (timeout, dropped connection, unparseable answer): it may have gone out.
    case unknown
}

/// The unified error stored with a failed or unknown message (the fields of api.md's error schema).
public struct StoredError: Sendable, Codable, Equatable {
    public var code: String
    public var message: String
    public var retryable: Bool
    public var field: String?
    public var provider: String?
    public var providerCode: String?
    public var providerMessage: String?

    public init(code: String, message: String, retryable: Bool, field: String? = nil, provider: String? = nil,
                providerCode: String? = nil, providerMessage: String? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.field = field
        self.provider = provider
        self.providerCode = providerCode
        self.providerMessage = providerMessage
    }
}

/// A warning reported with a message (`option_ignored`, `provider_warning`).
public struct StoredWarning: Sendable, Codable, Equatable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One message handed to a provider. The message body is never stored.
public struct MessageRecord: Sendable, Codable, Equatable {
    public var id: String
    public var client: String
    public var dealerID: String
    public var providerType: String
    public var providerAccount: String
    public var recipient: String
    public var status: MessageStatus
    public var providerMessageID: String?
    public var error: StoredError?
    public var segments: Int
    public var encoding: String
    public var metadata: [String: String]
    public var warnings: [StoredWarning]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, client: String, dealerID: String, providerType: String, providerAccount: String,
                recipient: String, status: MessageStatus, providerMessageID: String? = nil, error: StoredError? = nil,
                segments: Int, encoding: String, metadata: [String: String], warnings: [StoredWarning],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.client = client
        self.dealerID = dealerID
        self.providerType = providerType
        self.providerAccount = providerAccount
        self.recipient = recipient
        self.status = status
        self.providerMessageID = providerMessageID
        self.error = error
        self.segments = segments
        self.encoding = encoding
        self.metadata = metadata
        self.warnings = warnings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
