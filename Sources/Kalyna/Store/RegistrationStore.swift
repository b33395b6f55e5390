import Foundation
import GRDB

/// What a registration form gave, kept until its address is confirmed.
struct RegistrationDetails: Codable, Sendable {
    var initiativeName: String
    var country: String
    var city: String
    var legalForm: LegalForm
    var description: String
    var contact: String
    var name: String
    var language: String
}

/// Registering an initiative. With e-mail on, nothing exists until the address
/// is confirmed through the link sent to it, and the answer to the form is the
/// same whether or not the address had an account: the owner of a known
/// address is told someone tried instead (no way to learn who is registered).
enum RegistrationStore {
    static let lifetime: TimeInterval = 3 * 24 * 3600

    /// Creates the initiative (pending verification) and its coordinator;
    /// returns the coordinator. Fails with `.conflict` when the address has an account.
    static func createAccount(_ db: Database, _ details: RegistrationDetails, email: String, passwordHash: String, now: Date) throws -> User {
        guard try UserStore.find(db, email: email) == nil else { throw RecordRefusal.wrongState }
        var record = Initiative(
            id: nil, name: details.initiativeName, country: details.country, city: details.city, legalForm: details.legalForm,
            description: details.description, contact: details.contact, status: .pending, declineReason: nil, createdAt: now, decidedAt: nil)
        try record.insert(db)
        var user = User(
            id: nil, email: email, name: details.name, passwordHash: passwordHash, role: .coordinator, initiativeId: record.id,
            language: details.language, active: true, createdAt: now)
        try user.insert(db)
        try Audit.record(db, actor: user.id, "initiative.registered", "initiative", record.id, at: now)
        try Audit.record(db, actor: user.id, "user.created", "user", user.id, detail: "role=coordinator", at: now)
        return user
    }

    /// Keeps the registration and queues its confirmation link, or, for an
    /// address that has an account, tells its owner (at most once a day).
    static func request(
        _ db: Database, _ details: RegistrationDetails, email: String, passwordHash: String, token: String, sealedLink: [UInt8],
        params: [String: String], day: String, now: Date
    ) throws {
        if let owner = try UserStore.find(db, email: email) {
            try NoticeStore.tell(db, owner, .registrationAttempt, params: params, key: "registration-attempt:\(owner.id ?? 0):\(day)", now: now)
            return
        }
        let json = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO registration (token_hash, email, details, password_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [Tokens.hash(token), email, json, passwordHash, now, now.addingTimeInterval(lifetime)])
        try NoticeStore.mail(
            db, to: email, language: details.language, .registrationConfirm, params: params, sealedLink: sealedLink,
            key: "registration:\(db.lastInsertedRowID)", now: now)
    }

    /// The registration behind a link, if it is unconfirmed and not expired.
    static func usable(_ db: Database, token: String, now: Date) throws -> (id: Int64, email: String, details: RegistrationDetails, passwordHash: String)? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT id, email, details, password_hash FROM registration WHERE token_hash = ? AND confirmed_at IS NULL AND expires_at > ?",
            arguments: [Tokens.hash(token), now]),
            let details = try? JSONDecoder().decode(RegistrationDetails.self, from: Data((try row.value(2, "details") as String).utf8))
        else { return nil }
        return (try row.value(0, "id"), try row.value(1, "email"), details, try row.value(3, "password_hash"))
    }

    /// Confirms the registration: the account is made and the link used up.
    static func confirm(_ db: Database, token: String, now: Date) throws -> User? {
        guard let pending = try usable(db, token: token, now: now) else { return nil }
        try db.execute(sql: "UPDATE registration SET confirmed_at = ? WHERE id = ?", arguments: [now, pending.id])
        return try createAccount(db, pending.details, email: pending.email, passwordHash: pending.passwordHash, now: now)
    }
}
