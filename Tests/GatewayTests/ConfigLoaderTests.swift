import Foundation
import Testing
@testable import Gateway

@Suite("Config loader: sections, defaults, formats")
struct ConfigLoaderTests {
    @Test("an empty document and a server-only file are valid, with every default")
    func defaults() throws {
        let empty = try ConfigTestSupport.load("")
        #expect(empty.server == ServerSettings())
        #expect(empty.storage.sqlitePath == "data/gateway.sqlite")
        #expect(empty.clients.isEmpty && empty.providers.isEmpty && empty.dealers.isEmpty)

        let serverOnly = try ConfigTestSupport.load("server:\n  port: 9090\n")
        #expect(serverOnly.server.port == 9090)
        #expect(serverOnly.server.host == "0.0.0.0")
        #expect(serverOnly.clients.isEmpty)
    }

    @Test("ServerSettings defaults are config.md's")
    func serverDefaults() {
        let server = ServerSettings()
        #expect(server.host == "0.0.0.0")
        #expect(server.port == 8080)
        #expect(server.maxConnections == 10_000)
        #expect(server.maxTargetBytes == 8192)
        #expect(server.maxHeaderBytes == 16_384)
        #expect(server.maxBodyBytes == 65_536)
        #expect(server.headerTimeoutMs == 10_000)
        #expect(server.bodyTimeoutMs == 10_000)
        #expect(server.idleTimeoutMs == 60_000)
        #expect(server.maxRequestsPerConnection == 1000)
        #expect(server.drainDelayMs == 0)
        #expect(server.shutdownGraceMs == 25_000)
        #expect(server.logLevel == "info")
    }

    @Test("every server key is read and mapped onto the HTTP server's configuration")
    func serverSection() throws {
        let config = try ConfigTestSupport.load("""
            server:
              host: "127.0.0.1"
              port: 0
              max_connections: 5
              max_target_bytes: 100
              max_header_bytes: 200
              max_body_bytes: 300
              header_timeout_ms: 1500
              body_timeout_ms: 2500
              idle_timeout_ms: 3500
              max_requests_per_connection: 7
              drain_delay_ms: 40
              shutdown_grace_ms: 50
              log_level: debug
            """)
        let server = config.server
        #expect(server.host == "127.0.0.1" && server.port == 0 && server.maxConnections == 5)
        #expect(server.drainDelayMs == 40 && server.shutdownGraceMs == 50 && server.logLevel == "debug")
        let http = server.httpServerConfiguration
        #expect(http.host == "127.0.0.1")
        #expect(http.port == 0)
        #expect(http.maxConnections == 5)
        #expect(http.maxTargetBytes == 100)
        #expect(http.maxHeaderBytes == 200)
        #expect(http.maxBodyBytes == 300)
        #expect(http.headerTimeout == .milliseconds(1500))
        #expect(http.bodyTimeout == .milliseconds(2500))
        #expect(http.idleTimeout == .milliseconds(3500))
        #expect(http.maxRequestsPerConnection == 7)
    }

    @Test("numbers must be positive integers; durations at most a day, drain_delay_ms may be 0; port is 0...65535")
    func numbers() {
        let descriptions = ConfigTestSupport.descriptions("""
            server:
              port: 70000
              max_connections: 0
              max_body_bytes: -5
              header_timeout_ms: 1.5
              idle_timeout_ms: "60000"
              drain_delay_ms: -1
              shutdown_grace_ms: lots
              body_timeout_ms: 86400001
              max_requests_per_connection: 99999999999999999999999
            """)
        #expect(descriptions == [
            "server.port: must be an integer from 0 to 65535",
            "server.max_connections: must be a positive integer",
            "server.max_body_bytes: must be a positive integer",
            "server.max_requests_per_connection: must be a positive integer",
            "server.header_timeout_ms: must be a positive integer, at most 86400000",
            "server.body_timeout_ms: must be a positive integer, at most 86400000",
            "server.idle_timeout_ms: must be a positive integer, at most 86400000",
            "server.shutdown_grace_ms: must be a positive integer, at most 86400000",
            "server.drain_delay_ms: must be an integer from 0 to 86400000",
        ])
        #expect((try? ConfigTestSupport.load("server:\n  body_timeout_ms: 86400000\n"))?.server.bodyTimeoutMs == 86_400_000)
        #expect((try? ConfigTestSupport.load("server:\n  drain_delay_ms: 0\n"))?.server.drainDelayMs == 0)
    }

    @Test("log_level is one of the seven levels, in any case")
    func logLevel() throws {
        for level in ServerSettings.logLevels {
            #expect(try ConfigTestSupport.load("server:\n  log_level: \(level.uppercased())\n").server.logLevel == level)
        }
        #expect(ConfigTestSupport.descriptions("server:\n  log_level: verbose\n") == [
            "server.log_level: must be one of trace|debug|info|notice|warning|error|critical",
        ])
    }

    @Test("PORT and LOG_LEVEL in the environment override the file")
    func environmentOverrides() throws {
        let config = try ConfigTestSupport.load(
            "server:\n  port: 9090\n  log_level: info\n", environment: ["PORT": "3000", "LOG_LEVEL": "warning"])
        #expect(config.server.port == 3000)
        #expect(config.server.logLevel == "warning")
        #expect(try ConfigTestSupport.load("", environment: ["PORT": "4000"]).server.port == 4000)
        #expect(try ConfigTestSupport.load("", environment: ["PORT": ""]).server.port == 8080)
        #expect(ConfigTestSupport.descriptions("", environment: ["PORT": "http", "LOG_LEVEL": "loud"]) == [
            "server.port: the PORT environment variable must be an integer from 0 to 65535",
            "server.log_level: the LOG_LEVEL environment variable must be one of trace|debug|info|notice|warning|error|critical",
        ])
    }

    @Test("storage.sqlite_path is read; empty is an error")
    func storage() throws {
        #expect(try ConfigTestSupport.load("storage:\n  sqlite_path: /tmp/x.sqlite\n").storage.sqlitePath == "/tmp/x.sqlite")
        #expect(ConfigTestSupport.descriptions("storage:\n  sqlite_path: \"\"\n") == ["storage.sqlite_path: must not be empty"])
    }

    @Test("unknown keys are errors at every level, each with its path")
    func unknownKeys() {
        let paths = ConfigTestSupport.paths("""
            sever: {}
            server:
              prot: 1
            storage:
              sqlite: x
            clients:
              - name: a
                token: t
                dealers: ["*"]
                scope: all
            \(ConfigTestSupport.providers)
              extra:
                type: sendsms
                url: "https://sms.example.com/api"
                api_key: k
                apikey: k
                timeout: 5
            dealers:
              d1:
                provider: ss
                from: "+18885551212"
                form_mask: X
              d2:
                provider: missing
                fron: "+18885551212"
            """)
        #expect(paths == [
            "sever", "server.prot", "storage.sqlite", "clients[0].scope",
            "providers.extra.apikey", "providers.extra.timeout",
            "dealers.d1.form_mask", "dealers.d2.provider", "dealers.d2.fron",
        ])
    }

    @Test("an unknown key's message lists the keys allowed there")
    func unknownKeyMessage() {
        #expect(ConfigTestSupport.descriptions("storage:\n  path: x\n") == [
            "storage.path: unknown key (expected one of: sqlite_path)",
        ])
    }

    @Test("sections of the wrong shape are errors")
    func wrongShapes() {
        #expect(ConfigTestSupport.descriptions("- a\n- b\n") == [
            "(root): must be a mapping of the sections clients, dealers, providers, server, storage",
        ])
        #expect(ConfigTestSupport.descriptions("""
            server: 8080
            clients: {name: a}
            providers: [a]
            dealers: x
            """) == [
            "server: must be a mapping",
            "clients: must be a list",
            "providers: must be a mapping",
            "dealers: must be a mapping",
        ])
    }

    @Test("null sections mean empty")
    func nullSections() throws {
        let config = try ConfigTestSupport.load("server:\nstorage: ~\nclients:\nproviders: null\ndealers:\n")
        #expect(config.server == ServerSettings())
        #expect(config.clients.isEmpty && config.providers.isEmpty && config.dealers.isEmpty)
    }

    @Test("JSON text loads like YAML, pretty or compact")
    func json() throws {
        let object: [String: Any] = [
            "server": ["host": "127.0.0.1", "port": 8181, "log_level": "debug"],
            "storage": ["sqlite_path": "data/json.sqlite"],
            "clients": [["name": "crm", "token": "tok", "dealers": ["quirk-vw"]]],
            "providers": ["cg": ["type": "cargurus", "app_id": "a", "auth_token": "b", "timeout_ms": 2000]],
            "dealers": ["quirk-vw": ["provider": "cg", "from": "+16175551212"]],
        ]
        for options: JSONSerialization.WritingOptions in [[], [.prettyPrinted, .sortedKeys]] {
            let data = try JSONSerialization.data(withJSONObject: object, options: options)
            let config = try ConfigTestSupport.load(String(decoding: data, as: UTF8.self))
            #expect(config.server.port == 8181)
            #expect(config.server.logLevel == "debug")
            #expect(config.storage.sqlitePath == "data/json.sqlite")
            #expect(config.clients.map(\.name) == ["crm"])
            #expect(config.providers["cg"]?.timeoutMs == 2000)
            let dealer = config.dealers["quirk-vw"]?.settings as? CarGurusDealerSettings
            #expect(dealer == CarGurusDealerSettings(cargurusDealerID: nil, from: "+16175551212"))
        }
    }

    @Test("a YAML syntax error names its line and column, without a snippet of the file")
    func syntaxError() {
        let errors = ConfigTestSupport.errors("""
            clients:
              - name: a
                token: "s3cret-token
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.path.hasPrefix("line ") == true)
        #expect(errors.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(errors.first?.description.contains("s3cret") == false)
    }

    @Test("duplicate keys are an error")
    func duplicateKeys() {
        let errors = ConfigTestSupport.errors("server:\n  port: 1\n  port: 2\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message == "duplicate key \"port\" in one mapping")
    }

    @Test("a quoted boolean is not a boolean, and a bare boolean is not a string")
    func scalarTypes() {
        #expect(ConfigTestSupport.descriptions("server:\n  host: true\n") == [
            "server.host: must be a string, not a boolean (quote it)",
        ])
        let text = ConfigTestSupport.providers + "\ndealers:\n  d:\n    provider: mk\n    department_uuid: a\n    user_uuid: b\n    send_vcard: \"true\"\n    add_footer: 1\n"
        #expect(ConfigTestSupport.descriptions(text) == [
            "dealers.d.add_footer: must be true or false",
            "dealers.d.send_vcard: must be true or false",
        ])
    }

    @Test("a file is read from disk; a missing file is an error naming it")
    func file() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("config-test-\(UUID().uuidString).yaml")
        try Data("server:\n  port: 1234\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try GatewayConfigLoader.load(path: url.path, environment: [:]).server.port == 1234)
        let missing = url.path + ".missing"
        #expect(throws: ConfigErrors(path: missing, message: "cannot read the configuration file")) {
            try GatewayConfigLoader.load(path: missing, environment: [:])
        }
    }

    @Test("the registry holds the three provider types")
    func registry() {
        #expect(ProviderConfigRegistry.builtIn.map { $0.typeName } == ["cargurus", "mykaarma", "sendsms"])
    }
}
