/// Small-number suppression for public tables. A count below the threshold is
/// shown as "<threshold" (primary suppression). Then, so that no shown total
/// minus the shown cells gives a hidden one away, every row and column whose
/// total is shown gets either no hidden cells or at least two (secondary
/// suppression, by hiding the smallest other cell, or the total itself when
/// there is none); totals of hidden rows follow the same rule against the grand
/// total.
public enum Suppression {
    public enum Cell: Sendable, Equatable {
        case shown(Int)
        case hidden

        public var isHidden: Bool { self == .hidden }
    }

    public struct Table: Sendable, Equatable {
        public var cells: [[Cell]]
        public var rowTotals: [Cell]
        public var columnTotals: [Cell]
        public var grandTotal: Cell
    }

    public static func apply(_ counts: [[Int]], threshold: Int) -> Table {
        let rows = counts.count
        let columns = counts.first?.count ?? 0
        func small(_ n: Int) -> Bool { n > 0 && n < threshold }
        var hidden = counts.map { $0.map(small) }
        let rowSums = counts.map { $0.reduce(0, +) }
        let columnSums = (0..<columns).map { c in counts.reduce(0) { $0 + $1[c] } }
        let grand = rowSums.reduce(0, +)
        var rowHidden = rowSums.map(small)
        var columnHidden = columnSums.map(small)
        var grandHidden = small(grand)

        /// In a line of cells with a shown total, one hidden cell needs a partner.
        func protect(_ indices: [Int], hiddenAt: (Int) -> Bool, value: (Int) -> Int, hide: (Int) -> Void, hideTotal: () -> Void) -> Bool {
            guard indices.filter(hiddenAt).count == 1 else { return false }
            if let partner = indices.filter({ !hiddenAt($0) }).min(by: { value($0) < value($1) }) {
                hide(partner)
            } else {
                hideTotal()
            }
            return true
        }

        var changed = true
        while changed {
            changed = false
            for r in 0..<rows where !rowHidden[r] {
                changed = protect(Array(0..<columns), hiddenAt: { hidden[r][$0] }, value: { counts[r][$0] },
                                  hide: { hidden[r][$0] = true }, hideTotal: { rowHidden[r] = true }) || changed
            }
            for c in 0..<columns where !columnHidden[c] {
                changed = protect(Array(0..<rows), hiddenAt: { hidden[$0][c] }, value: { counts[$0][c] },
                                  hide: { hidden[$0][c] = true }, hideTotal: { columnHidden[c] = true }) || changed
            }
            if !grandHidden {
                changed = protect(Array(0..<rows), hiddenAt: { rowHidden[$0] }, value: { rowSums[$0] },
                                  hide: { rowHidden[$0] = true }, hideTotal: { grandHidden = true }) || changed
                changed = protect(Array(0..<columns), hiddenAt: { columnHidden[$0] }, value: { columnSums[$0] },
                                  hide: { columnHidden[$0] = true }, hideTotal: { grandHidden = true }) || changed
            }
        }
        func cell(_ value: Int, _ isHidden: Bool) -> Cell { isHidden ? .hidden : .shown(value) }
        return Table(
            cells: (0..<rows).map { r in (0..<columns).map { c in cell(counts[r][c], hidden[r][c]) } },
            rowTotals: (0..<rows).map { cell(rowSums[$0], rowHidden[$0]) },
            columnTotals: (0..<columns).map { cell(columnSums[$0], columnHidden[$0]) },
            grandTotal: cell(grand, grandHidden))
    }
}
