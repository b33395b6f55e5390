import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// The staff's release pages, rendered strictly from their models in every language.
extension PageModelTests {
    @Test func aDraftReleaseSaysHowManyCountsAreHiddenAndOffersItsActions() throws {
        let test = try TestApp()
        let scope = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: "2027-01-15")
        let draft = Release(id: 3, scope: scope, threshold: 5, status: .draft, createdAt: Self.when, publishedAt: nil)
        let cells = [
            ReleaseCell(cell: Disclosure.Cell("country", "UA"), value: 40, mark: .shown),
            ReleaseCell(cell: Disclosure.Cell("country", "MD"), value: 2, mark: .small),
            ReleaseCell(cell: Disclosure.Cell("country", "GE"), value: 9, mark: .protected),
        ]
        var published = draft
        published.id = 2
        published.status = .published
        published.publishedAt = Self.when
        var errors = FormErrors()
        errors.add("to", "validation_month")
        for lang in Language.supported {
            let page = try Self.render(test, ReleasePage.template, path: "/releases/3", lang: lang, as: Self.officer, ReleasePage(release: draft, cells: cells, tables: []).values)
            #expect(page.contains(test.app.catalogs.text("release_counts", lang, ["cells": "3", "small": "1", "protected": "1"])), "\(lang)")
            #expect(page.contains("action=\"/releases/3/publish\"") && page.contains("action=\"/releases/3/delete\""))
            let done = try Self.render(test, ReleasePage.template, path: "/releases/2", lang: lang, as: Self.officer, ReleasePage(release: published, cells: cells, tables: []).values)
            #expect(!done.contains("action=\"/releases/2/publish\""))
            let list = try Self.render(
                test, ReleaseListPage.template, path: "/releases", lang: lang, as: Self.officer,
                ReleaseListPage(
                    releases: [draft, published], input: ReleaseInput(from: "2026-01", to: "2026-13", cutoff: "2027-01-15"), errors: errors,
                    refusal: test.app.catalogs.text("release_refused_unsafe", lang), threshold: 5).values)
            #expect(list.contains("href=\"/releases/3\"") && list.contains("href=\"/releases/2\""))
            #expect(list.contains("value=\"2026-13\"") && list.contains(test.app.catalogs.text("validation_month", lang)))
            #expect(list.contains(test.app.catalogs.text("release_refused_unsafe", lang)))
            #expect(list.contains(test.app.catalogs.text("release_threshold", lang, ["threshold": "5"])))
        }
    }

    @Test func theHomeAndWithdrawPagesRenderInEveryLanguage() throws {
        let test = try TestApp()
        let call = Call(
            id: 4, title: "Small grants 2027", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000, opensOn: "2027-01-10",
            closesOn: "2027-02-10", eligibility: "", status: .open, createdAt: Self.when, titleRu: "Малые гранты 2027", titleUk: "Малі гранти 2027")
        let application = Application(
            id: 12, callId: 4, initiativeId: 5, title: "", summary: "", objectives: "", activities: "", targetGroup: "",
            plannedStart: "", plannedEnd: "", amountRequested: 0, status: .submitted, decisionReason: nil, amountAwarded: nil,
            createdAt: Self.when, updatedAt: Self.when, submittedAt: Self.when, decidedAt: nil)
        for lang in Language.supported {
            let home = try Self.render(test, HomePage.template, path: "/", lang: lang, HomePage().values)
            #expect(home.contains(test.app.catalogs.text("home_heading", lang).replacingOccurrences(of: "'", with: "&#39;")) && home.contains(test.app.catalogs.text("home_principle_anonymous", lang)))
            let withdraw = try Self.render(
                test, WithdrawPage.template, path: "/applications/12/withdraw", lang: lang, as: Self.member, WithdrawPage(application: application, call: call).values)
            #expect(withdraw.contains("action=\"/applications/12/withdraw\"") && withdraw.contains("name=\"confirm\" value=\"yes\""))
            #expect(withdraw.contains(test.app.catalogs.text("application_untitled", lang)))
            #expect(withdraw.contains(["en": "Small grants 2027", "ru": "Малые гранты 2027", "uk": "Малі гранти 2027"][lang] ?? "-"))
        }
    }
}
