import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// Pages rendered from their typed models alone, strictly (a name the template
/// asks for and the model does not give fails), in every language.
@Suite struct PageModelTests {
    @Test func theGrantListRendersEveryRowAndMark() throws {
        let test = try TestApp()
        let euro = Currency.euro
        let today = try #require(CalendarDate(iso: "2027-06-01"))
        let page = GrantListPage(
            filter: GrantFilter(call: nil, country: "UA", status: .active),
            grants: [
                GrantListItem(
                    id: 7, publicId: "KLN-2027-0007", title: "Safe spaces", initiative: "Light <Odesa>",
                    awarded: Money(minorUnits: 200_000, currency: euro), paid: Money(minorUnits: 140_000, currency: euro),
                    nextDue: CalendarDate(iso: "2027-05-01"), nextTranche: nil, status: .active),
                GrantListItem(
                    id: 8, publicId: "KLN-2027-0008", title: "", initiative: "Dawn",
                    awarded: Money(minorUnits: 50_000, currency: euro), paid: Money(minorUnits: 0, currency: euro),
                    nextDue: nil, nextTranche: CalendarDate(iso: "2027-07-01"), status: .completed),
            ],
            pager: Pager(page: 1, perPage: 50, total: 2), calls: [("3", "Call 2027")], today: today)
        for lang in Language.supported {
            let context = RequestContext(
                request: Request(method: "GET", path: "/grants"), parameters: [:], app: test.app, lang: lang, signedIn: nil, generation: 0)
            let response = try context.page(GrantListPage.template, title: "grants", page.values(context))
            #expect(response.status == 200)
            guard case .bytes(let body) = response.body else { Issue.record("no body"); continue }
            let html = String(decoding: body, as: UTF8.self)
            #expect(html.contains("KLN-2027-0007") && html.contains("KLN-2027-0008"))
            #expect(html.contains("Light &lt;Odesa&gt;"))
            // The first grant's report is overdue on this day; the completed one has none due.
            #expect(html.components(separatedBy: "class=\"overdue\"").count == 2, "\(lang)")
            #expect(html.contains(lang == "en" ? "EUR 2,000.00" : "2\u{00A0}000,00\u{00A0}EUR"))
        }
    }
}

extension PageModelTests {
    static let when = Date(timeIntervalSince1970: 1_796_000_000)

    /// `template` rendered strictly with `values`, for a visitor or for `user` signed in.
    static func render(
        _ test: TestApp, _ template: String, path: String, lang: String, as user: User? = nil, _ values: (RequestContext) -> [String: TemplateValue]
    ) throws -> String {
        let signedIn = user.map { user in
            RequestContext.SignedIn(
                user: user,
                session: Session(tokenHash: "-", userId: user.id ?? 0, csrfToken: "token", createdAt: when, expiresAt: when + 3600, refreshedAt: when))
        }
        let context = RequestContext(request: Request(method: "GET", path: path), parameters: [:], app: test.app, lang: lang, signedIn: signedIn, generation: 0)
        let response = try context.page(template, title: "page", values(context))
        guard case .bytes(let body) = response.body else { throw TestClientError.badResponse("no body") }
        return String(decoding: body, as: UTF8.self)
    }

    @Test func theCaseListRendersEveryRowWithItsLabels() throws {
        let test = try TestApp()
        let odesa = Place(id: 4, country: "UA", nameEn: "Odesa", nameRu: "Одесса", nameUk: "Одеса", active: true, position: 1)
        let acts = [
            ViolenceType(id: 1, key: "physical", nameEn: "Physical violence", nameRu: "Физическое насилие", nameUk: "Фізичне насильство", active: true, position: 1),
            ViolenceType(id: 2, key: "threats", nameEn: "Threats <and> intimidation", nameRu: "Угрозы", nameUk: "Погрози", active: true, position: 2),
        ]
        let page = CaseListPage(
            staff: true, filter: CaseStore.Filter(country: "UA"),
            cases: [
                CaseStore.ListItem(id: 11, incident: "2026-10", place: PlaceChoice(country: "UA", place: 4), status: "open", initiative: "Light", acts: [1, 2]),
                CaseStore.ListItem(id: 12, incident: "2026-10-03", place: PlaceChoice(country: "UA", place: nil), status: "closed", initiative: "Dawn", acts: []),
            ],
            pager: Pager(page: 1, perPage: 50, total: 2), typology: acts, places: [odesa], initiatives: [(7, "Light"), (8, "Dawn")])
        for lang in Language.supported {
            let html = try Self.render(test, CaseListPage.template, path: "/cases", lang: lang, page.values)
            #expect(html.contains("href=\"/cases/11\"") && html.contains("href=\"/cases/12\""))
            #expect(html.contains(lang == "en" ? "Threats &lt;and&gt; intimidation" : lang == "ru" ? "Физическое насилие, Угрозы" : "Фізичне насильство, Погрози"))
            // A month-precise incident by its month's name; a day by the language's date.
            #expect(html.contains(test.app.catalogs.text("month_name_10", lang) + " 2026"), "\(lang)")
            #expect(html.contains(test.app.formats[lang]?.date(try #require(CalendarDate(iso: "2026-10-03"))) ?? "-"), "\(lang)")
            #expect(html.contains(test.app.catalogs.text("place_other_in", lang, ["country": test.app.catalogs.text("country_UA", lang)])))
            // The export keeps the list's filter; the initiative filter lists the country's initiatives.
            #expect(html.contains("/cases.csv?country=UA"))
            #expect(html.contains("<option value=\"8\">Dawn</option>"))
        }
    }

    @Test func theApplicationListRendersEveryRow() throws {
        let test = try TestApp()
        let page = ApplicationListPage(
            filter: ApplicationStore.Filter(call: 3, status: .submitted, country: nil),
            applications: [
                ApplicationStore.ListItem(
                    id: 21, title: "", status: .submitted, requested: Money(minorUnits: 350_000, currency: .euro), callTitle: "Call 2027",
                    initiativeName: "Сад надії", country: "UA", city: "Odesa"),
            ],
            pager: Pager(page: 1, perPage: 50, total: 1), calls: [("3", "Call 2027")])
        for lang in Language.supported {
            let html = try Self.render(test, ApplicationListPage.template, path: "/applications", lang: lang, page.values)
            #expect(html.contains("href=\"/applications/21\"") && html.contains("Сад надії"))
            #expect(html.contains(test.app.catalogs.text("application_untitled", lang)))
            #expect(html.contains(lang == "en" ? "EUR 3,500.00" : "3\u{00A0}500,00\u{00A0}EUR"))
            #expect(html.contains("Odesa, " + test.app.catalogs.text("country_UA", lang)))
            #expect(html.contains("<option value=\"3\" selected>Call 2027</option>"))
        }
    }
}

/// The lists staff and members page through, each rendered from its model alone.
extension PageModelTests {
    static let member = User(id: 1, email: "a@x.org", name: "Anna", passwordHash: "", role: .coordinator, initiativeId: 5, language: "en", active: true, createdAt: when)

    @Test func theInitiativeListShowsEachInitiativeAndKeepsTheFilterInItsPages() throws {
        let test = try TestApp()
        let light = Initiative(
            id: 5, name: "Light <Odesa>", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "",
            status: .pending, declineReason: nil, createdAt: Self.when, decidedAt: nil)
        let page = InitiativeListPage(status: .pending, initiatives: [light], pager: Pager(page: 1, perPage: 1, total: 2))
        for lang in Language.supported {
            let html = try Self.render(test, InitiativeListPage.template, path: "/initiatives", lang: lang, page.values)
            #expect(html.contains("href=\"/initiatives/5\"") && html.contains("Light &lt;Odesa&gt;"))
            #expect(html.contains(test.app.catalogs.text("country_UA", lang)))
            #expect(html.contains("<option value=\"pending\" selected>\(test.app.catalogs.text("initiative_status_pending", lang))</option>"), "\(lang)")
            #expect(html.contains("/initiatives?status=pending&amp;page=2"), "\(lang)")
        }
    }

    @Test func theOfficerListShowsTheSearchAndEachOfficer() throws {
        let test = try TestApp()
        let officer = Officer(id: 3, name: "Ivanova O.", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        let page = OfficerListPage(staff: true, search: "Ivan\"ova", officers: [officer], pager: Pager(page: 1, perPage: 50, total: 1))
        for lang in Language.supported {
            let html = try Self.render(test, OfficerListPage.template, path: "/officers", lang: lang, page.values)
            #expect(html.contains("Ivanova O.") && html.contains("href=\"/officers/3\""))
            #expect(html.contains("value=\"Ivan&quot;ova\""))
        }
    }

    @Test func theUserListNamesRolesInThePageLanguage() throws {
        let test = try TestApp()
        let user = User(id: 9, email: "olena@x.org", name: "Olena", passwordHash: "", role: .reviewer, initiativeId: nil, language: "uk", active: false, createdAt: Self.when)
        let page = UserListPage(role: .reviewer, users: [user], pager: Pager(page: 1, perPage: 50, total: 1))
        for lang in Language.supported {
            let html = try Self.render(test, UserListPage.template, path: "/admin/users", lang: lang, page.values)
            #expect(html.contains("olena@x.org") && html.contains("href=\"/admin/users/9\""))
            #expect(html.contains(test.app.catalogs.text("user_deactivated", lang)))
            #expect(html.contains("<option value=\"reviewer\" selected>\(test.app.catalogs.text("role_reviewer", lang))</option>"), "\(lang)")
        }
    }

    @Test func theOccasionAndCallListsShowTheirItems() throws {
        let test = try TestApp()
        let occasion = Occasion(
            id: 2, title: "8 March 2027", date: "2027-03-08", signatoryName: "N. Petrova", signatoryTitle: "Chair", wordingEn: "", wordingRu: "", wordingUk: "",
            open: true, createdAt: Self.when, titleRu: "8 марта 2027", titleUk: "8 березня 2027")
        let call = Call(
            id: 4, title: "Small grants 2027", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000, opensOn: "2027-01-10",
            closesOn: "2027-02-10", eligibility: "", status: .open, createdAt: Self.when, titleRu: "Малые гранты 2027", titleUk: "Малі гранти 2027")
        for lang in Language.supported {
            let occasions = try Self.render(test, OccasionListPage.template, path: "/occasions", lang: lang, OccasionListPage(staff: true, occasions: [occasion]).values)
            #expect(occasions.contains("href=\"/occasions/2\""))
            #expect(occasions.contains(["en": "8 March 2027", "ru": "8 марта 2027", "uk": "8 березня 2027"][lang] ?? "-"), "\(lang)")
            let calls = try Self.render(test, CallListPage.template, path: "/calls", lang: lang, CallListPage(staff: false, calls: [(call, 120_000)]).values)
            #expect(calls.contains("href=\"/calls/4\""))
            #expect(calls.contains(["en": "Small grants 2027", "ru": "Малые гранты 2027", "uk": "Малі гранти 2027"][lang] ?? "-"), "\(lang)")
        }
    }

    @Test func theReviewListSaysWhereEachReviewStands() throws {
        let test = try TestApp()
        let page = ReviewListPage(assignments: [
            ReviewStore.Assignment(id: 21, conflict: nil, submitted: false, title: "", initiative: "Dawn", call: "Call 2027"),
            ReviewStore.Assignment(id: 22, conflict: false, submitted: true, title: "Safe rooms", initiative: "Light", call: "Call 2027"),
        ])
        for lang in Language.supported {
            let html = try Self.render(test, ReviewListPage.template, path: "/reviews", lang: lang, page.values)
            #expect(html.contains("href=\"/reviews/21\"") && html.contains("Safe rooms"))
            #expect(html.contains(test.app.catalogs.text("application_untitled", lang)))
            #expect(html.contains(test.app.catalogs.text("review_state_undeclared", lang)) && html.contains(test.app.catalogs.text("review_state_done", lang)))
        }
    }

    @Test func theInboxMarksUnreadNoticesAndCountsThem() throws {
        let test = try TestApp()
        let notice = Notice(
            id: 31, userId: 1, email: "a@x.org", language: "en", kind: NoticeKind.initiativeVerified.rawValue, params: #"{"initiative":"Light"}"#,
            link: "/initiatives/5", sealedLink: nil, key: "k", createdAt: Self.when, readAt: nil, mail: .none, attempts: 0, nextAttemptAt: nil,
            sentAt: nil, lastError: nil)
        let page = InboxPage(notices: [notice], unread: 1, pager: Pager(page: 1, perPage: 30, total: 1))
        for lang in Language.supported {
            let html = try Self.render(test, InboxPage.template, path: "/inbox", lang: lang, as: Self.member, page.values)
            #expect(html.contains(test.app.catalogs.text("notice_initiative_verified_subject", lang)), "\(lang)")
            #expect(html.contains(test.app.catalogs.plural("inbox_unread", count: 1, lang, formatted: "1", [:])), "\(lang)")
        }
    }

    @Test func theAuditTrailShowsEachEventAndTheChosenAction() throws {
        let test = try TestApp()
        let line = Audit.Line(
            event: AuditEvent(id: 1, at: Self.when, actorId: 2, action: "grant.terminate", recordType: "grant", recordId: 7, detail: "reason <given>"),
            actorName: "Olena", actorEmail: "olena@x.org")
        let page = AuditPage(
            filter: Audit.Filter(action: "grant.terminate", recordType: nil, actor: nil), lines: [line], actions: ["grant.terminate", "user.invite"],
            pager: Pager(page: 1, perPage: 50, total: 1))
        for lang in Language.supported {
            let html = try Self.render(test, AuditPage.template, path: "/admin/audit", lang: lang, page.values)
            #expect(html.contains("grant #7") && html.contains("reason &lt;given&gt;") && html.contains("Olena"))
            #expect(html.contains("<option value=\"grant.terminate\" selected>grant.terminate</option>"))
        }
    }
}

extension PageModelTests {
    @Test func theCertificateListNamesEachOfficerAndWhoThankedHer() throws {
        let test = try TestApp()
        let occasion = Occasion(
            id: 2, title: "8 March 2027", date: "2027-03-08", signatoryName: "N. Petrova", signatoryTitle: "Chair", wordingEn: "", wordingRu: "", wordingUk: "",
            open: false, createdAt: Self.when)
        let officer = Officer(id: 3, name: "Olena <Ivanova>", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        let page = CertificateListPage(
            occasion: occasion, entries: [CertificateEntry(officer: officer, thanks: [("Light", "Took her to the clinic"), ("Dawn", "Stopped a search")])],
            sort: "country")
        for lang in Language.supported {
            let html = try Self.render(test, CertificateListPage.template, path: "/occasions/2/list", lang: lang, page.values)
            #expect(html.contains("Olena &lt;Ivanova&gt;") && html.contains("Took her to the clinic") && html.contains("Stopped a search"))
            #expect(html.contains(test.app.catalogs.text("country_UA", lang)))
            #expect(html.contains("/occasions/2/list.csv?sort=country") && html.contains("/occasions/2/list.xlsx?sort=country"))
            #expect(html.contains("/occasions/2/certificates?lang=ru") && html.contains("/occasions/2/certificates?lang=uk"))
        }
    }
}

extension PageModelTests {
    @Test func anOfficersPageShowsHerThanksAndOnlyStaffMayMerge() throws {
        let test = try TestApp()
        let officer = Officer(id: 3, name: "Olena <Ivanova>", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: true, createdAt: Self.when)
        let twin = Officer(id: 4, name: "Olena Ivanova", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        let thanks = OccasionStore.OfficerThanks(reason: "Took her to the clinic", status: .included, occasion: "8 March 2027", date: "2027-03-08", initiative: "Light")
        for lang in Language.supported {
            let coordinator = OfficerPage(staff: false, officer: officer, recognitions: [thanks], mergeCandidates: [], error: nil)
            let seen = try Self.render(test, OfficerPage.template, path: "/officers/3", lang: lang, as: Self.member, coordinator.values)
            #expect(seen.contains("<h1>Olena &lt;Ivanova&gt;</h1>") && seen.contains("Took her to the clinic"))
            #expect(seen.contains(test.app.catalogs.text("recognition_status_included", lang)))
            #expect(seen.contains(test.app.formats[lang]?.date(try #require(CalendarDate(iso: "2027-03-08"))) ?? "-"), "\(lang)")
            #expect(!seen.contains("/officers/3/merge"))
            let staff = OfficerPage(staff: true, officer: officer, recognitions: [], mergeCandidates: [twin], error: "Choose a record")
            let merging = try Self.render(test, OfficerPage.template, path: "/officers/3", lang: lang, as: Self.member, staff.values)
            #expect(merging.contains("action=\"/officers/3/merge\"") && merging.contains("<option value=\"4\">Olena Ivanova · District 4 · Kharkiv</option>"))
            #expect(merging.contains("role=\"alert\"><p>Choose a record</p>"))
            #expect(merging.contains(test.app.catalogs.text("list_empty", lang)))
        }
    }
}

extension PageModelTests {
    @Test func anOccasionShowsProposalsToStaffAndTheFormToACoordinator() throws {
        let test = try TestApp()
        let occasion = Occasion(
            id: 2, title: "8 March 2027", date: "2027-03-08", signatoryName: "N. Petrova", signatoryTitle: "Chair", wordingEn: "", wordingRu: "", wordingUk: "",
            open: true, createdAt: Self.when)
        let line = OccasionStore.RecognitionLine(
            id: 40, reason: "Took her to the clinic", status: .proposed, officerId: 3, name: "Olena Ivanova", rank: "Captain", unit: "District 4",
            city: "Kharkiv", initiative: "Light")
        let known = Officer(id: 3, name: "Olena Ivanova", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        var errors = FormErrors()
        errors.add("reason", "validation_required")
        for lang in Language.supported {
            let staff = OccasionPage(staff: true, occasion: occasion, recognitions: [line], proposal: nil)
            let review = try Self.render(test, OccasionPage.template, path: "/occasions/2", lang: lang, as: Self.member, staff.values)
            #expect(review.contains("href=\"/officers/3\"") && review.contains("Took her to the clinic"))
            #expect(review.contains("/recognitions/40/include") && review.contains("/recognitions/40/exclude"))
            #expect(!review.contains("name=\"officer_id\""))
            // Sent back refused: what she typed is there, with the message beside the field.
            let coordinator = OccasionPage(
                staff: false, occasion: occasion, recognitions: [line],
                proposal: .init(known: [known], values: ["officer_id": "3", "reason": ""], errors: errors, duplicates: []))
            let form = try Self.render(test, OccasionPage.template, path: "/occasions/2", lang: lang, as: Self.member, coordinator.values)
            #expect(form.contains("<option value=\"3\" selected>Olena Ivanova · District 4 · Kharkiv</option>"))
            #expect(form.contains(test.app.catalogs.text("validation_required", lang)))
            #expect(!form.contains("/recognitions/40/include"))
        }
    }
}

extension PageModelTests {
    @Test func aCallShowsVisitorsItsCriteriaStaffTheOverviewAndCoordinatorsTheWayToApply() throws {
        let test = try TestApp()
        let today = CalendarDate(test.app.clock.now, in: test.app.timeZone)
        let call = Call(
            id: 4, title: "Small grants", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000,
            opensOn: today.adding(days: -1).iso, closesOn: today.adding(days: 10).iso, eligibility: "", status: .open, createdAt: Self.when)
        let criteria = [Criterion(id: 1, callId: 4, position: 1, name: "Reach <women>", weight: 60)]
        let verified = Initiative(
            id: 5, name: "Light", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "", status: .verified,
            declineReason: nil, createdAt: Self.when, decidedAt: nil)
        var pending = verified
        pending.status = .pending
        for lang in Language.supported {
            let visitor = try Self.render(
                test, CallPage.template, path: "/calls/4", lang: lang,
                CallPage(staff: false, call: call, awarded: 0, criteria: criteria, overview: nil, applicant: nil, error: nil).values)
            #expect(visitor.contains("Reach &lt;women&gt;") && !visitor.contains("action=\"/calls/4/applications\""))
            let staff = try Self.render(
                test, CallPage.template, path: "/calls/4", lang: lang, as: Self.member,
                CallPage(staff: true, call: call, awarded: 120_000, criteria: criteria, overview: (["submitted": 3], 450_000), applicant: nil, error: nil).values)
            #expect(staff.contains("/applications?call=4&amp;status=submitted"))
            #expect(staff.contains(lang == "en" ? "EUR 4,500.00" : "4\u{00A0}500,00\u{00A0}EUR"), "\(lang)")
            let coordinator = try Self.render(
                test, CallPage.template, path: "/calls/4", lang: lang, as: Self.member,
                CallPage(staff: false, call: call, awarded: 0, criteria: criteria, overview: nil, applicant: .init(initiative: verified, applications: []), error: nil).values)
            #expect(coordinator.contains("action=\"/calls/4/applications\""))
            let unverified = try Self.render(
                test, CallPage.template, path: "/calls/4", lang: lang, as: Self.member,
                CallPage(staff: false, call: call, awarded: 0, criteria: criteria, overview: nil, applicant: .init(initiative: pending, applications: []), error: nil).values)
            #expect(!unverified.contains("action=\"/calls/4/applications\"") && unverified.contains(test.app.catalogs.text("call_apply_unverified", lang)))
        }
    }
}

extension PageModelTests {
    @Test func thePlaceListGroupsPlacesByCountryAndOffersWhatIsLeftToMap() throws {
        let test = try TestApp()
        let odesa = Place(id: 4, country: "UA", nameEn: "Odesa", nameRu: "Одесса", nameUk: "Одеса", active: true, position: 1)
        let osh = Place(id: 9, country: "KG", nameEn: "Osh", nameRu: "Ош", nameUk: "Ош", active: true, position: 1)
        let page = PlacesPage(
            places: [odesa, osh], used: [4: 12], mayMap: true,
            pending: [PlaceStore.Pending(country: "UA", typed: "Odessa <port>", normalized: "odessa port", cases: 3)], error: nil)
        for lang in Language.supported {
            let html = try Self.render(test, PlacesPage.template, path: "/admin/places", lang: lang, as: Self.member, page.values)
            #expect(html.contains(test.app.catalogs.text("country_UA", lang)) && html.contains(test.app.catalogs.text("country_KG", lang)))
            #expect(html.contains("Одесса") && html.contains("Одеса"))
            #expect(html.contains("«Odessa &lt;port&gt;»"))
            #expect(html.contains("<option value=\"4\">\(odesa.name(lang))</option>") && !html.contains("<option value=\"9\">"), "\(lang)")
        }
    }
}

extension PageModelTests {
    @Test func theDashboardShowsACoordinatorHerGroupsWorkAndAnOfficerHerQueues() throws {
        let test = try TestApp()
        let euro = Currency.euro
        let today = try #require(CalendarDate(iso: "2027-06-01"))
        let light = Initiative(
            id: 5, name: "Light", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "", status: .verified,
            declineReason: nil, createdAt: Self.when, decidedAt: nil)
        var own = Dashboard()
        own.initiative = light
        own.applications = [
            ApplicationStore.OwnApplication(
                id: 12, title: "", status: .approved, requested: Money(minorUnits: 300_000, currency: euro), awarded: Money(minorUnits: 250_000, currency: euro),
                decisionReason: nil, callTitle: "Small grants", callTitleRu: "Малые гранты", callTitleUk: "Малі гранти")
        ]
        own.grants = [Dashboard.OwnGrant(
            id: 7, publicId: "KLN-2027-0007", awarded: Money(minorUnits: 250_000, currency: euro), paid: Money(minorUnits: 175_000, currency: euro),
            nextDue: CalendarDate(iso: "2027-05-01"))]
        var officer = Self.member
        officer.role = .programmeOfficer
        officer.initiativeId = nil
        var waiting = Dashboard()
        waiting.waitingApplications = 4
        let queue = WorkQueue(
            kind: .applicationsToDecide,
            items: [WorkQueue.Item(href: "/applications/12", title: "Safe rooms", detail: "Light", day: CalendarDate(iso: "2027-05-20"), amount: nil, late: true)],
            total: 3)
        for lang in Language.supported {
            let coordinator = try Self.render(
                test, DashboardPage.template, path: "/dashboard", lang: lang, as: Self.member,
                DashboardPage(user: Self.member, dashboard: own, queues: [], today: today).values)
            #expect(coordinator.contains("href=\"/applications/12\"") && coordinator.contains(test.app.catalogs.text("application_untitled", lang)))
            #expect(coordinator.contains(["en": "Small grants", "ru": "Малые гранты", "uk": "Малі гранти"][lang] ?? "-"), "\(lang)")
            // Her grant's report was due on 1 May: overdue on 1 June.
            #expect(coordinator.contains("KLN-2027-0007") && coordinator.contains("class=\"overdue-label\">\(test.app.catalogs.text("report_overdue", lang))<"))
            let staff = try Self.render(
                test, DashboardPage.template, path: "/dashboard", lang: lang, as: officer,
                DashboardPage(user: officer, dashboard: waiting, queues: [queue], today: today).values)
            #expect(staff.contains(test.app.catalogs.text("queue_applications_to_decide", lang)) && staff.contains("href=\"/applications/12\""))
            #expect(staff.contains(test.app.catalogs.text("queue_late", lang)))
            #expect(staff.contains(test.app.catalogs.plural("queue_more", count: 2, lang, formatted: "2", [:])), "\(lang)")
            #expect(staff.contains(test.app.catalogs.text("dashboard_waiting_applications", lang, ["count": "4"])))
        }
    }
}

extension PageModelTests {
    @Test func anInitiativesPageGivesStaffTheDecisionAndItsCoordinatorTheInvitations() throws {
        let test = try TestApp()
        let verified = Initiative(
            id: 5, name: "Light", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "", status: .verified,
            declineReason: nil, createdAt: Self.when, decidedAt: nil)
        var pending = verified
        pending.status = .pending
        pending.declineReason = "The address <was> missing"
        let acts = [ViolenceType(id: 1, key: "physical", nameEn: "Physical violence", nameRu: "Физическое насилие", nameUk: "Фізичне насильство", active: true, position: 1)]
        let counts = CaseStore.InitiativeCounts(total: 9, byAct: [(1, 7)], byYear: [("2026", 9)], typology: acts)
        let thanks = OccasionStore.InitiativeThanks(officerId: 3, name: "Olena Ivanova", rank: "Captain", city: "Odesa", occasion: "8 March 2027", status: .included)
        var officer = Self.member
        officer.role = .programmeOfficer
        officer.initiativeId = nil
        var errors = FormErrors()
        errors.add("email", "validation_email")
        for lang in Language.supported {
            let staff = try Self.render(
                test, InitiativePage.template, path: "/initiatives/5", lang: lang, as: officer,
                InitiativePage(
                    viewer: officer, initiative: pending, members: [Self.member], invitations: [], officers: [thanks], caseCounts: counts,
                    declineForm: nil, inviteForm: nil, newLink: nil).values)
            #expect(staff.contains("action=\"/initiatives/5/verify\"") && staff.contains("action=\"/initiatives/5/payee\""))
            #expect(staff.contains("The address &lt;was&gt; missing") && staff.contains("href=\"/cases?initiative=5\""))
            #expect(staff.contains(acts[0].name(lang) + ": <strong>7</strong>") && staff.contains("2026: <strong>9</strong>"), "\(lang)")
            #expect(staff.contains("href=\"/officers/3\"") && !staff.contains("/initiatives/5/edit"))
            let coordinator = try Self.render(
                test, InitiativePage.template, path: "/initiatives/5", lang: lang, as: Self.member,
                InitiativePage(
                    viewer: Self.member, initiative: verified, members: [Self.member], invitations: [], officers: [], caseCounts: counts,
                    declineForm: nil, inviteForm: (["name": "Iryna", "email": "iryna@"], errors), newLink: nil).values)
            #expect(coordinator.contains("/initiatives/5/edit") && !coordinator.contains("/initiatives/5/verify") && !coordinator.contains("/payee"))
            #expect(coordinator.contains("value=\"iryna@\"") && coordinator.contains(test.app.catalogs.text("validation_email", lang)))
            #expect(coordinator.contains("href=\"/cases\""))
        }
    }
}

extension PageModelTests {
    @Test func aGrantShowsFinanceThePaymentToApproveAndItsHolderOnlyWhereItStands() throws {
        let test = try TestApp()
        let light = try test.initiative("Light")
        let call = try test.call()
        let (grant, _, disbursement, _) = try test.grant(call: call, initiative: light)
        let finance = try test.user("fo@x.org", .financeOfficer)
        let holder = try test.user("coord@x.org", .coordinator, initiative: light)
        func page(_ userId: Int64) throws -> (GrantPage, User) {
            try test.app.database.pool.read { db in
                guard let user = try UserStore.find(db, id: userId) else { throw TestClientError.badResponse("no user") }
                let loaded = try GrantAccess.load(user, db, id: grant)
                return (GrantPage(loaded: loaded, money: loaded.grant.currency, details: try GrantStore.details(db, loaded), typed: nil, error: nil), user)
            }
        }
        let (forFinance, financeUser) = try page(finance)
        let (forHolder, holderUser) = try page(holder)
        for lang in Language.supported {
            let paying = try Self.render(test, GrantPage.template, path: "/grants/\(grant)", lang: lang, as: financeUser, forFinance.values)
            #expect(paying.contains("action=\"/disbursements/\(disbursement)/approve\""))
            // EUR 2,000 in 70/30 tranches: the first is EUR 1,400.
            #expect(paying.contains(lang == "en" ? "EUR 1,400.00" : "1\u{00A0}400,00\u{00A0}EUR"), "\(lang)")
            #expect(paying.contains(test.app.catalogs.text("disbursement_status_proposed", lang)))
            let holding = try Self.render(test, GrantPage.template, path: "/grants/\(grant)", lang: lang, as: holderUser, forHolder.values)
            #expect(!holding.contains("/approve\"") && !holding.contains("/terminate\""))
            #expect(holding.contains(test.app.catalogs.text("disbursement_status_proposed", lang)))
        }
    }
}

extension PageModelTests {
    @Test func anAccountShowsItsRolesAndNoDeactivationOfOnesOwn() throws {
        let test = try TestApp()
        var admin = Self.member
        admin.id = 2
        admin.role = .admin
        admin.initiativeId = nil
        let light = Initiative(
            id: 5, name: "Light", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "", status: .verified,
            declineReason: nil, createdAt: Self.when, decidedAt: nil)
        for lang in Language.supported {
            let member = try Self.render(
                test, UserPage.template, path: "/admin/users/1", lang: lang, as: admin,
                UserPage(person: Self.member, initiative: light, viewer: admin, resetLink: nil, error: nil).values)
            #expect(member.contains("<option value=\"coordinator\" selected>") && member.contains("<option value=\"documenter\"") && !member.contains("value=\"admin\""))
            #expect(member.contains("action=\"/admin/users/1/deactivate\"") && member.contains("Light"))
            let own = try Self.render(
                test, UserPage.template, path: "/admin/users/2", lang: lang, as: admin,
                UserPage(person: admin, initiative: nil, viewer: admin, resetLink: "https://k.example/password-reset/abc", error: "Not yourself").values)
            #expect(!own.contains("/admin/users/2/deactivate") && own.contains("value=\"https://k.example/password-reset/abc\""))
            #expect(own.contains("Not yourself"))
        }
    }

    @Test func theProfileShowsHerNoticesAndAPasswordFormSentBack() throws {
        let test = try TestApp()
        var errors = FormErrors()
        errors.add("current_password", "validation_current_password")
        let kinds = NoticeKind.kinds(for: Self.member.role)
        let mailed = try #require(kinds.first)
        let page = ProfilePage(
            user: Self.member, mailed: [mailed], details: (["name": "Anna <A.>", "language": "uk"], FormErrors()), password: ([:], errors), sendsMail: false)
        for lang in Language.supported {
            let html = try Self.render(test, ProfilePage.template, path: "/profile", lang: lang, as: Self.member, page.values)
            #expect(html.contains("value=\"Anna &lt;A.&gt;\"") && html.contains("<option value=\"uk\" selected>"))
            #expect(html.contains("id=\"mail-\(mailed.rawValue)\" name=\"mail\" value=\"\(mailed.rawValue)\" checked"))
            #expect(html.contains(test.app.catalogs.text("validation_current_password", lang)))
            #expect(html.contains(test.app.catalogs.text("profile_notices_no_mail", lang)))
        }
    }
}

extension PageModelTests {
    @Test func aReviewerReadsTheApplicationOnlyAfterDeclaringNoConflict() throws {
        let test = try TestApp()
        let light = try test.initiative("Light")
        let call = try test.call()
        let application = try test.application(call: call, initiative: light, status: .underReview, title: "Safe rooms <Odesa>")
        let reviewerId = try test.user("rev@x.org", .reviewer)
        let undeclared = try test.review(application: application, reviewer: reviewerId, conflict: nil)
        let other = try test.user("rev2@x.org", .reviewer)
        let declared = try test.review(application: application, reviewer: other, conflict: false)
        func page(_ id: Int64, as userId: Int64) throws -> (ReviewPage, User) {
            try test.app.database.pool.read { db in
                guard let user = try UserStore.find(db, id: userId), let review = try Review.fetchOne(db, key: id),
                    let record = try ApplicationStore.find(db, id: application), let group = try InitiativeStore.find(db, id: light),
                    let callRecord = try CallStore.find(db, id: call)
                else { throw TestClientError.badResponse("fixture") }
                let reading = review.mayRead
                    ? ReviewPage.Reading(
                        lines: try ApplicationStore.lines(db, application: application), files: [], questions: try QuestionStore.list(db, for: record),
                        answers: [:], criteria: try CallStore.criteria(db, call: call), scores: [:])
                    : nil
                return (ReviewPage(review: review, application: record, initiative: group, call: callRecord, reading: reading, form: nil, declarationError: nil), user)
            }
        }
        let (before, first) = try page(undeclared, as: reviewerId)
        let (after, second) = try page(declared, as: other)
        for lang in Language.supported {
            let asked = try Self.render(test, ReviewPage.template, path: "/reviews/\(undeclared)", lang: lang, as: first, before.values)
            #expect(asked.contains("Safe rooms &lt;Odesa&gt;") && asked.contains("/reviews/\(undeclared)/declaration"))
            #expect(!asked.contains("name=\"comment\""))
            let scoring = try Self.render(test, ReviewPage.template, path: "/reviews/\(declared)", lang: lang, as: second, after.values)
            #expect(scoring.contains("name=\"comment\"") && !scoring.contains("/reviews/\(declared)/declaration"))
            #expect(scoring.contains("type=\"radio\""))
        }
    }
}
