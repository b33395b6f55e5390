import LinearProgramming
import Testing

/// Small programs solved by hand, so that the audit's solver is known to answer
/// what a person working out the table would.
@Suite struct LinearProgramTests {
    @Test func aHiddenCellBesideAShownOneIsPinnedByItsTotal() {
        var program = LinearProgram()
        let hidden = program.addVariable(.init(lower: 0))
        let shown = program.addVariable(.fixed(5))
        program.addRow([(hidden, 1), (shown, 1)], .fixed(7))
        #expect(program.ranges(of: [hidden]) == .ranges([hidden: 2...2]))
    }

    /// A 2×2 table with every inner cell hidden and its margins shown:
    /// rows 10 and 8, columns 9 and 9. By hand, x11 runs from 1 (x22 = x11 − 1 ≥ 0)
    /// to 9 (x21 = 9 − x11 ≥ 0), and x22 from 0 to 8.
    @Test func theMarginsOfATwoByTwoTableLeaveTheHandWorkedInterval() {
        var program = LinearProgram()
        let x = (0..<4).map { _ in program.addVariable(.init(lower: 0)) }
        program.addRow([(x[0], 1), (x[1], 1)], .fixed(10))
        program.addRow([(x[2], 1), (x[3], 1)], .fixed(8))
        program.addRow([(x[0], 1), (x[2], 1)], .fixed(9))
        program.addRow([(x[1], 1), (x[3], 1)], .fixed(9))
        #expect(program.ranges(of: [x[0], x[3]]) == .ranges([x[0]: 1...9, x[3]: 0...8]))
    }

    /// Two small cells of a city table, each known to be 1–4, whose country shows 3:
    /// one of them is then 1 or 2, never 3 or 4.
    @Test func boundsFromMarksNarrowTheInterval() {
        var program = LinearProgram()
        let a = program.addVariable(.init(lower: 1, upper: 4))
        let b = program.addVariable(.init(lower: 1, upper: 4))
        program.addRow([(a, 1), (b, 1)], .fixed(3))
        #expect(program.ranges(of: [a, b]) == .ranges([a: 1...2, b: 1...2]))
    }

    @Test func anUnboundedVariableSaysSo() {
        var program = LinearProgram()
        let a = program.addVariable(.init(lower: 0))
        let b = program.addVariable(.init(lower: 5))
        program.addRow([(a, 1), (b, -1)], .fixed(0))
        #expect(program.ranges(of: [a]) == .ranges([a: 5...Double.infinity]))
    }

    @Test func contradictoryFiguresAreInfeasible() {
        var program = LinearProgram()
        let a = program.addVariable(.init(lower: 5))
        let b = program.addVariable(.fixed(4))
        program.addRow([(a, 1), (b, 1)], .fixed(6))
        #expect(program.ranges(of: [a]) == .infeasible)
        var crossed = LinearProgram()
        let c = crossed.addVariable(.init(lower: 3, upper: 2))
        #expect(crossed.ranges(of: [c]) == .infeasible)
    }

    /// Inequalities too: acts per case. Two acts, 6 cases in all, each case with
    /// at least one act (a1 + a2 ≥ 6), a1 shown as 5: a2 is at least 1, at most 6.
    @Test func inequalityRowsBound() {
        var program = LinearProgram()
        let total = program.addVariable(.fixed(6))
        let a1 = program.addVariable(.fixed(5))
        let a2 = program.addVariable(.init(lower: 0))
        program.addRow([(a1, 1), (a2, 1), (total, -1)], .init(lower: 0))
        program.addRow([(total, 1), (a2, -1)], .init(lower: 0))
        #expect(program.ranges(of: [a2]) == .ranges([a2: 1...6]))
    }
}
