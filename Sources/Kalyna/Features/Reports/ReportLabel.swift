/// A report's name as pages show it: "Final report", "Interim report", or,
/// when the grant has several, "Interim report 2" (`ReportNumbering`).
enum ReportLabel {
    static func name(_ requirement: ReportRequirement, among all: [ReportRequirement], _ context: RequestContext) -> String {
        let reports = all.map { ReportNumbering.Report(id: $0.id ?? 0, kind: $0.kind, due: $0.dueDate) }
        guard let number = ReportNumbering.number(of: requirement.id ?? 0, among: reports) else {
            return context.t("report_kind_\(requirement.kind.rawValue)")
        }
        return context.t("report_kind_interim_numbered", ["number": String(number)])
    }
}
