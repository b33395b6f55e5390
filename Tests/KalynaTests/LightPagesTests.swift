import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// Pages and the stylesheet go out gzipped to browsers that take it, and
/// whole to those that do not.
@Suite struct LightPagesTests {
    static func gunzip(_ bytes: [UInt8]) throws -> String { String(decoding: try gunzipped(bytes), as: UTF8.self) }

    @Test func formsAndTheStylesheetAreGzipped() throws {
        let test = try TestApp()
        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("Ours"))
        let browser = try test.signedIn("coord@x.org")
        let gzip = [("Accept-Encoding", "gzip, deflate, br")]
        // A form rendered for this request alone.
        let form = try browser.send("GET", "/cases/new", headers: gzip)
        #expect(form.header("Content-Encoding") == "gzip")
        #expect(form.header("Vary") == "Accept-Encoding")
        #expect(form.body.starts(with: [0x1F, 0x8B]))
        let page = try Self.gunzip(form.body)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("action=\"/cases\""))
        let plain = try browser.get("/cases/new")
        #expect(plain.header("Content-Encoding") == nil)
        #expect(plain.text.hasPrefix("<!DOCTYPE html>"))
        #expect(form.body.count * 3 < plain.body.count)
        // A form refused and shown again.
        let refused = try browser.send("POST", "/cases", headers: gzip + [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array("_csrf=\(Browser.csrf(in: plain.text) ?? "")&incident_date=2099-01".utf8))
        #expect(refused.status == 422)
        #expect(refused.header("Content-Encoding") == "gzip")
        #expect(try Self.gunzip(refused.body).contains("field-error"))
        // The stylesheet, compressed once at start.
        let href = try #require(plain.text.firstMatch(of: /href="(\/static\/app\.css\?v=[0-9a-f]+)"/)?.1)
        let css = try browser.send("GET", String(href), headers: gzip)
        #expect(css.header("Content-Encoding") == "gzip")
        #expect(try Self.gunzip(css.body).contains(".wrap-anywhere"))
        #expect(try browser.get(String(href)).header("Content-Encoding") == nil)
    }
}
