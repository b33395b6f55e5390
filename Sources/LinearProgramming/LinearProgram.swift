import CGLPK
import Synchronization

/// A linear program over real variables: each variable and each constraint row
/// has optional lower and upper bounds; rows are sparse sums of coefficient ×
/// variable. Solved with GLPK's simplex method (Debian's libglpk).
public struct LinearProgram: Sendable {
    public struct Bounds: Sendable, Equatable {
        public var lower: Double?
        public var upper: Double?
        public init(lower: Double? = nil, upper: Double? = nil) {
            self.lower = lower
            self.upper = upper
        }
        public static func fixed(_ value: Double) -> Bounds { Bounds(lower: value, upper: value) }
        public static let free = Bounds()
    }

    public struct Row: Sendable {
        public var terms: [(variable: Int, coefficient: Double)]
        public var bounds: Bounds
        public init(_ terms: [(variable: Int, coefficient: Double)], _ bounds: Bounds) {
            self.terms = terms
            self.bounds = bounds
        }
    }

    public private(set) var variables: [Bounds] = []
    public private(set) var rows: [Row] = []

    public init() {}

    /// Adds a variable; returns its index.
    @discardableResult
    public mutating func addVariable(_ bounds: Bounds) -> Int {
        variables.append(bounds)
        return variables.count - 1
    }

    public mutating func setBounds(_ variable: Int, _ bounds: Bounds) {
        variables[variable] = bounds
    }

    public mutating func addRow(_ terms: [(variable: Int, coefficient: Double)], _ bounds: Bounds) {
        rows.append(Row(terms, bounds))
    }

    public enum Outcome: Sendable, Equatable {
        /// The smallest and largest value each asked-for variable can take
        /// (`-infinity` / `+infinity` when unbounded).
        case ranges([Int: ClosedRange<Double>])
        /// No assignment satisfies every row and bound.
        case infeasible
        /// GLPK could not finish (a numerical failure); callers must treat
        /// this as "not proven safe".
        case failed(String)
    }

    /// GLPK keeps process-wide state (its environment, terminal hook), so one
    /// program is solved at a time.
    private static let lock = Mutex(())

    /// Minimises and maximises each variable in `of` over the feasible region:
    /// the interval an attacker who knows every row can pin it to.
    public func ranges(of wanted: [Int]) -> Outcome {
        Self.lock.withLock { _ in solve(wanted) }
    }

    private func solve(_ wanted: [Int]) -> Outcome {
        glp_term_out(GLP_OFF)
        guard let problem = glp_create_prob() else { return .failed("glp_create_prob") }
        defer { glp_delete_prob(problem) }
        if !rows.isEmpty { glp_add_rows(problem, Int32(rows.count)) }
        if !variables.isEmpty { glp_add_cols(problem, Int32(variables.count)) }
        func set(_ bounds: Bounds, _ apply: (Int32, Double, Double) -> Void) -> Bool {
            switch (bounds.lower, bounds.upper) {
            case (nil, nil): apply(GLP_FR, 0, 0)
            case (let lower?, nil): apply(GLP_LO, lower, 0)
            case (nil, let upper?): apply(GLP_UP, 0, upper)
            case (let lower?, let upper?):
                // GLPK aborts the process on lower > upper: refuse here instead.
                guard lower <= upper else { return false }
                apply(lower == upper ? GLP_FX : GLP_DB, lower, upper)
            }
            return true
        }
        for (index, bounds) in variables.enumerated() {
            guard set(bounds, { glp_set_col_bnds(problem, Int32(index + 1), $0, $1, $2) }) else { return .infeasible }
        }
        var rowIndices: [Int32] = [0], columnIndices: [Int32] = [0], values: [Double] = [0]
        for (index, row) in rows.enumerated() {
            guard set(row.bounds, { glp_set_row_bnds(problem, Int32(index + 1), $0, $1, $2) }) else { return .infeasible }
            // GLPK refuses a row that names one variable twice: add them up.
            var merged: [Int: Double] = [:]
            for term in row.terms { merged[term.variable, default: 0] += term.coefficient }
            for (variable, coefficient) in merged.sorted(by: { $0.key < $1.key }) where coefficient != 0 {
                guard variable >= 0 && variable < variables.count else { return .failed("row \(index) names variable \(variable)") }
                rowIndices.append(Int32(index + 1))
                columnIndices.append(Int32(variable + 1))
                values.append(coefficient)
            }
        }
        glp_load_matrix(problem, Int32(values.count - 1), rowIndices, columnIndices, values)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_OFF
        var found: [Int: ClosedRange<Double>] = [:]
        var objective: Int32? = nil
        for variable in wanted {
            guard variable >= 0 && variable < variables.count else { return .failed("no variable \(variable)") }
            var ends: [Double] = []
            for direction in [GLP_MIN, GLP_MAX] {
                if let objective { glp_set_obj_coef(problem, objective, 0) }
                objective = Int32(variable + 1)
                glp_set_obj_coef(problem, Int32(variable + 1), 1)
                glp_set_obj_dir(problem, direction)
                // Each solve starts from the last basis, which is still feasible: most take a few pivots.
                var code = glp_simplex(problem, &parameters)
                if code != 0 {
                    // A basis gone singular: start again from the standard one.
                    glp_std_basis(problem)
                    code = glp_simplex(problem, &parameters)
                }
                guard code == 0 else { return .failed("glp_simplex returned \(code)") }
                switch glp_get_status(problem) {
                case GLP_OPT: ends.append(glp_get_obj_val(problem))
                case GLP_UNBND: ends.append(direction == GLP_MIN ? -Double.infinity : Double.infinity)
                case GLP_NOFEAS: return .infeasible
                case let status: return .failed("status \(status)")
                }
            }
            // A fixed variable's two ends can differ in the last bit.
            found[variable] = min(ends[0], ends[1])...max(ends[0], ends[1])
        }
        return .ranges(found)
    }
}
