import Foundation
import Testing

@testable import Kalyna

@Suite struct ConfigTests {
    @Test func theShippedFileHoldsTheBuiltInDefaults() throws {
        let shipped = try Config.load(path: TestApp.repositoryRoot + "/config.json")
        #expect(shipped == Config.defaults)
        #expect(shipped.listenAddress == "127.0.0.1")
        #expect(shipped.port == 8080)
        #expect(shipped.database == "data/kalyna.sqlite")
        #expect(shipped.suppressionThreshold == 5)
    }

    @Test(arguments: [
        (#"{"port": "eighty"}"#, "'port' must be a whole number"),
        (#"{"port": 70000}"#, "'port' must be between 0 and 65535"),
        (#"{"port": 80.5}"#, "'port' must be a whole number"),
        (#"{"thread_pool_size": true}"#, "'thread_pool_size' must be a whole number"),
        (#"{"thread_pool_size": -1}"#, "'thread_pool_size' must be between 0 and 256"),
        (#"{"default_locale": "fr"}"#, "'default_locale' must be one of en, ru, uk"),
        (#"{"default_currency": "XYZ"}"#, "'default_currency' must be an ISO 4217 code"),
        (#"{"public_base_url": "example.org"}"#, "'public_base_url' must start with http"),
        (#"{"database": ""}"#, "'database' must be a non-empty string"),
        (#"{"prot": 8080}"#, "'prot' is not a known setting"),
        (#"[1, 2]"#, "is not a JSON object"),
        (#"{"port": 80"#, "is not a JSON object"),
    ])
    func invalidSettingsAreNamed(json: String, message: String) {
        do {
            _ = try Config.parse(Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func threadsAreOnePerCoreUnlessSet() throws {
        let automatic = try Config.parse(Data(#"{"thread_pool_size": 0}"#.utf8))
        #expect(automatic.threads == max(2, ProcessInfo.processInfo.activeProcessorCount))
        #expect(try Config.parse(Data(#"{"thread_pool_size": 6}"#.utf8)).threads == 6)
        #expect(Config.defaults.threadPoolSize == 0)
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let config = try Config.parse(Data(#"{"port": 9000, "organisation_name": "Сеть"}"#.utf8))
        #expect(config.port == 9000)
        #expect(config.organisationName == "Сеть")
        #expect(config.database == Config.defaults.database)
    }

    @Test func environmentOverridesTheFile() throws {
        var config = Config.defaults
        try config.applyEnvironment(["KALYNA_PORT": "9123", "KALYNA_DATABASE": "/tmp/x.sqlite"])
        #expect(config.port == 9123)
        #expect(config.database == "/tmp/x.sqlite")
        #expect(throws: ConfigError.self) { try config.applyEnvironment(["KALYNA_PORT": "http"]) }
    }

    @Test func secureCookiesFollowTheBaseURL() throws {
        #expect(!Config.defaults.secureCookies)
        #expect(try Config.parse(Data(#"{"public_base_url": "https://kalyna.example"}"#.utf8)).secureCookies)
    }
}
