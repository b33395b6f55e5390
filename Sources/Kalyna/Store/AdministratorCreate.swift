import Foundation
import GRDB

/// `kalyna create-admin`: the first administrator (or another), from the
/// command line, where no one can sign in yet.
public enum AdministratorCreate {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(database: AppDatabase, email rawEmail: String, name rawName: String, password: String, now: Date = Date()) throws {
        var errors = FormErrors()
        let email = Validate.email(rawEmail, into: &errors)
        let name = Validate.text(rawName, field: "name", into: &errors)
        _ = Validate.newPassword(password, confirmation: nil, into: &errors)
        if let problem = errors.fields.sorted(by: { $0.key < $1.key }).first {
            let messages = [
                "validation_email": "is not a valid email address", "validation_required": "is required",
                "validation_password_short": "must be at least \(Validate.minimumPasswordLength) characters",
                "validation_too_long": "is too long",
            ]
            throw Failure(description: "\(problem.key) \(messages[problem.value] ?? "is not valid")")
        }
        guard let hash = Passwords.hash(password) else { throw Failure(description: "could not hash the password") }
        try database.pool.write { db in
            if try UserStore.find(db, email: email) != nil {
                throw Failure(description: "an account with the email \(email) exists already")
            }
            var user = User(
                id: nil, email: email, name: name, passwordHash: hash, role: .admin, initiativeId: nil, language: "en",
                active: true, createdAt: now)
            try user.insert(db)
            try Audit.record(db, actor: nil, "user.created", "user", user.id, detail: "role=admin, from the command line", at: now)
        }
    }

    public static func exists(database: AppDatabase) throws -> Bool {
        try database.pool.read { try UserStore.hasAdministrator($0) }
    }
}
