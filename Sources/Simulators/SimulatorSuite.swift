/// All three simulators together, for the demo and benchmarks.
public final class SimulatorSuite: Sendable {
    /// The credentials the suite's simulators accept.
    public struct Credentials: Sendable, Hashable {
        public var carGurusAppID: String
        public var carGurusAuthToken: String
        public var myKaarmaUsername: String
        public var myKaarmaPassword: String
        public var sendSMSAPIKey: String

        public init(carGurusAppID: String, carGurusAuthToken: String, myKaarmaUsername: String,
                    myKaarmaPassword: String, sendSMSAPIKey: String) {
            self.carGurusAppID = carGurusAppID
            self.carGurusAuthToken = carGurusAuthToken
            self.myKaarmaUsername = myKaarmaUsername
            self.myKaarmaPassword = myKaarmaPassword
            self.sendSMSAPIKey = sendSMSAPIKey
        }

        /// Fixed, obviously fake credentials for the demo.
        public static let demo = Credentials(
            carGurusAppID: "demo-app-id", carGurusAuthToken: "demo-auth-token",
            myKaarmaUsername: "demo-user", myKaarmaPassword: "demo-password", sendSMSAPIKey: "demo-api-key")
    }

    public let credentials: Credentials
    public let carGurus: CarGurusSimulator
    public let myKaarma: MyKaarmaSimulator
    public let sendSMS: SendSMSSimulator

    /// - Parameter ports: 0 picks a free port.
    public init(credentials: Credentials = .demo, host: String = "127.0.0.1",
                carGurusPort: Int = 0, myKaarmaPort: Int = 0, sendSMSPort: Int = 0, latency: Duration = .zero) {
        self.credentials = credentials
        carGurus = CarGurusSimulator(appId: credentials.carGurusAppID, authToken: credentials.carGurusAuthToken,
                                     host: host, port: carGurusPort, latency: latency)
        myKaarma = MyKaarmaSimulator(username: credentials.myKaarmaUsername, password: credentials.myKaarmaPassword,
                                     host: host, port: myKaarmaPort, latency: latency)
        sendSMS = SendSMSSimulator(apiKey: credentials.sendSMSAPIKey, host: host, port: sendSMSPort, latency: latency)
    }

    /// Starts all three; if one cannot bind, stops those already started and rethrows.
    public func start() async throws {
        do {
            try carGurus.start()
            try myKaarma.start()
            try sendSMS.start()
        } catch {
            await stop()
            throw error
        }
    }

    /// Stops all three.
    public func stop() async {
        async let a: Void = carGurus.stop()
        async let b: Void = myKaarma.stop()
        async let c: Void = sendSMS.stop()
        _ = await (a, b, c)
    }
}
