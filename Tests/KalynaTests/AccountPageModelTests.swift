import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// Sign-in, registration, invitations and an initiative's own details,
/// rendered strictly from their models alone in every language.
extension PageModelTests {
    @Test func signInAndRegistrationComeBackWithWhatWasTypedButNeverAPassword() throws {
        let test = try TestApp()
        for lang in Language.supported {
            let message = test.app.catalogs.text("sign_in_failed", lang)
            let signIn = try Self.render(
                test, SignInPage.template, path: "/sign-in", lang: lang,
                SignInPage(values: ["email": "anna@x.org", "password": "secret-typed", "next": "/grants?page=2", "resume": ""], message: message).values)
            #expect(signIn.contains("value=\"anna@x.org\"") && signIn.contains(message))
            #expect(signIn.contains("value=\"/grants?page=2\""))
            #expect(!signIn.contains("secret-typed"))
            var errors = FormErrors()
            errors.add("email", "validation_email_taken")
            errors.add("password_confirmation", "validation_password_mismatch")
            let register = try Self.render(
                test, RegisterPage.template, path: "/register", lang: lang,
                RegisterPage(values: ["initiative_name": "Light <Odesa>", "country": "UA", "email": "anna@x.org", "language": "uk"], errors: errors).values)
            #expect(register.contains("value=\"Light &lt;Odesa&gt;\"") && register.contains("value=\"anna@x.org\""))
            #expect(register.contains("<option value=\"UA\" selected>") && register.contains("<option value=\"uk\" selected>"))
            #expect(register.contains(test.app.catalogs.text("validation_email_taken", lang)))
            #expect(register.contains(test.app.catalogs.text("validation_password_mismatch", lang)))
        }
    }

    @Test func aStaffInvitationShowsItsLinkOnlyOnceSent() throws {
        let test = try TestApp()
        let admin = User(id: 9, email: "root@x.org", name: "Root", passwordHash: "", role: .admin, initiativeId: nil, language: "en", active: true, createdAt: Self.when)
        var errors = FormErrors()
        errors.add("email", "validation_email")
        for lang in Language.supported {
            let refused = try Self.render(
                test, StaffInvitePage.template, path: "/admin/invitations/new", lang: lang, as: admin,
                StaffInvitePage(values: ["name": "Vera", "email": "vera@", "role": "finance_officer"], errors: errors, link: nil).values)
            #expect(refused.contains("value=\"vera@\"") && refused.contains(test.app.catalogs.text("validation_email", lang)))
            #expect(refused.contains("<option value=\"finance_officer\" selected>") && !refused.contains("value=\"coordinator\""))
            #expect(!refused.contains("id=\"new-link\""))
            let sent = try Self.render(
                test, StaffInvitePage.template, path: "/admin/invitations", lang: lang, as: admin,
                StaffInvitePage(values: ["role": "reviewer"], errors: FormErrors(), link: "https://kalyna.test/invitations/abc").values)
            #expect(sent.contains("id=\"new-link\" class=\"copy\" type=\"text\" readonly value=\"https://kalyna.test/invitations/abc\""))
        }
    }

    @Test func anInitiativesOwnDetailsAndItsPayeePage() throws {
        let test = try TestApp()
        var declined = Initiative(
            id: 5, name: "Light <Odesa>", country: "UA", city: "Odesa", legalForm: .informal, description: "Peer support", contact: "",
            status: .declined, declineReason: "Tell us <more>", createdAt: Self.when, decidedAt: Self.when)
        var errors = FormErrors()
        errors.add("city", "validation_required")
        var values = InitiativeFields.values(declined)
        values["city"] = ""
        for lang in Language.supported {
            let form = try Self.render(
                test, InitiativeFormPage.template, path: "/initiatives/5/edit", lang: lang, as: Self.member,
                InitiativeFormPage(initiative: declined, values: values, errors: errors).values)
            #expect(form.contains("action=\"/initiatives/5\"") && form.contains("value=\"Light &lt;Odesa&gt;\""))
            #expect(form.contains("Tell us &lt;more&gt;") && form.contains(test.app.catalogs.text("validation_required", lang)))
            #expect(form.contains("<option value=\"hidden\" selected>"))
        }
        declined.legalName = "NGO Light"
        declined.bankDetails = "IBAN UA00 <0000>"
        for lang in Language.supported {
            let payee = try Self.render(
                test, PayeePage.template, path: "/initiatives/5/payee", lang: lang, as: Self.officer, PayeePage(initiative: declined, linkBack: true).values)
            #expect(payee.contains("NGO Light") && payee.contains("IBAN UA00 &lt;0000&gt;") && payee.contains("href=\"/initiatives/5\""))
            #expect(!payee.contains(test.app.catalogs.text("payee_missing", lang)))
        }
        let empty = Initiative(
            id: 6, name: "Dawn", country: "UA", city: "Lviv", legalForm: .informal, description: "", contact: "",
            status: .verified, declineReason: nil, createdAt: Self.when, decidedAt: Self.when)
        let finance = User(id: 4, email: "f@x.org", name: "Fay", passwordHash: "", role: .financeOfficer, initiativeId: nil, language: "en", active: true, createdAt: Self.when)
        let none = try Self.render(test, PayeePage.template, path: "/initiatives/6/payee", lang: "ru", as: finance, PayeePage(initiative: empty, linkBack: false).values)
        #expect(none.contains(test.app.catalogs.text("payee_missing", "ru")) && !none.contains("href=\"/initiatives/6\""))
    }

    @Test func oneTimeLinkPagesSayWhoTheyAreForAndNeverEchoAPassword() throws {
        let test = try TestApp()
        let join = Invitation(
            id: 1, tokenHash: "-", purpose: .join, email: "vera@x.org", name: "Vera", role: .reviewer, initiativeId: nil, userId: nil, createdBy: 9,
            createdAt: Self.when, expiresAt: Self.when + 86400, usedAt: nil)
        var reset = join
        reset.purpose = .reset
        var errors = FormErrors()
        errors.add("password", "validation_password_mismatch")
        for lang in Language.supported {
            let joining = try Self.render(
                test, InvitationPage.template, path: "/invitations/tok", lang: lang,
                InvitationPage(invitation: join, values: ["name": "Vera <V.>", "password": "typed-secret"], errors: errors, action: "/invitations/tok").values)
            #expect(joining.contains("action=\"/invitations/tok\"") && joining.contains("vera@x.org"))
            #expect(joining.contains("value=\"Vera &lt;V.&gt;\"") && joining.contains(test.app.catalogs.text("role_reviewer", lang)))
            #expect(joining.contains(test.app.catalogs.text("validation_password_mismatch", lang)) && !joining.contains("typed-secret"))
            let resetting = try Self.render(
                test, InvitationPage.template, path: "/password-reset/tok", lang: lang,
                InvitationPage(invitation: reset, values: [:], errors: FormErrors(), action: "/password-reset/tok").values)
            #expect(!resetting.contains("name=\"name\"") && resetting.contains("name=\"password_confirmation\""))
            let expired = try Self.render(test, ExpiredLinkPage.template, path: "/invitations/old", lang: lang, ExpiredLinkPage().values)
            #expect(expired.contains(test.app.catalogs.text("invitation_expired_title", lang).replacingOccurrences(of: "'", with: "&#39;")))
            let confirm = try Self.render(
                test, RegisterConfirmPage.template, path: "/register/confirm/tok", lang: lang,
                RegisterConfirmPage(token: "tok", email: "anna@x.org", initiative: "Light <Odesa>").values)
            #expect(confirm.contains("action=\"/register/confirm/tok\"") && confirm.contains("Light &lt;Odesa&gt;") && confirm.contains("anna@x.org"))
            let sent = try Self.render(test, RegisterSentPage.template, path: "/register", lang: lang, RegisterSentPage(email: "anna@x.org").values)
            #expect(sent.contains("anna@x.org"))
        }
    }
}
