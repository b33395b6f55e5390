import CXlsxWriter
import Foundation
import HTTPServer

/// A table as exports hand it out: typed cells, so that a spreadsheet sums
/// amounts and sorts dates whatever its locale, written as CSV or as .xlsx.
struct Sheet {
    enum Cell {
        case text(String)
        /// An amount with its decimals (2 for money in cents).
        case number(Double, decimals: Int)
        case date(CalendarDate)
        case empty

        /// As CSV writes it: numbers with a point and no grouping, dates as ISO.
        var plain: String {
            switch self {
            case .text(let text): text
            case .number(let value, let decimals): String(format: "%.\(decimals)f", value)
            case .date(let date): date.iso
            case .empty: ""
            }
        }
    }

    var name: String
    var header: [String]
    var rows: [[Cell]]

    static func money(_ units: Int64, _ currency: Currency) -> Cell {
        let digits = currency.minorDigits
        var divisor = 1.0
        for _ in 0..<digits { divisor *= 10 }
        return .number(Double(units) / divisor, decimals: digits)
    }

    static func day(_ iso: String?) -> Cell {
        guard let iso, !iso.isEmpty else { return .empty }
        return CalendarDate(iso: iso).map(Cell.date) ?? .text(iso)
    }
}

enum SpreadsheetError: Error, CustomStringConvertible {
    case write(String)
    var description: String {
        switch self {
        case .write(let detail): "the spreadsheet could not be written: \(detail)"
        }
    }
}

/// .xlsx through libxlsxwriter (Debian's libxlsxwriter-dev). Version 1.1.4
/// writes only to files, so each workbook goes through a temporary file,
/// read back and removed. Text is written as text, never as a formula, so no
/// cell needs the apostrophe CSV exports put before a leading `=`.
enum XLSX {
    static func document(_ sheet: Sheet) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "/kalyna-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let workbook = workbook_new(path) else { throw SpreadsheetError.write("workbook_new") }
        // Sheet names: at most 31 characters, none of []:*?/\.
        let name = String(sheet.name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        guard let worksheet = workbook_add_worksheet(workbook, name.isEmpty ? nil : name) else {
            _ = workbook_close(workbook)
            throw SpreadsheetError.write("workbook_add_worksheet")
        }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let dateFormat = workbook_add_format(workbook)
        format_set_num_format(dateFormat, "yyyy-mm-dd")
        var numberFormats: [Int: UnsafeMutablePointer<lxw_format>?] = [:]
        func numberFormat(_ decimals: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let known = numberFormats[decimals] { return known }
            let format = workbook_add_format(workbook)
            format_set_num_format(format, decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals))
            numberFormats[decimals] = format
            return format
        }
        for (column, title) in sheet.header.enumerated() {
            worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold)
            worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), Double(min(max(title.count + 2, 12), 40)), nil)
        }
        worksheet_freeze_panes(worksheet, 1, 0)
        for (index, row) in sheet.rows.enumerated() {
            let line = lxw_row_t(index + 1)
            for (column, cell) in row.enumerated() {
                let col = lxw_col_t(column)
                switch cell {
                case .text(let text): worksheet_write_string(worksheet, line, col, text, nil)
                case .number(let value, let decimals): worksheet_write_number(worksheet, line, col, value, numberFormat(decimals))
                case .date(let date):
                    var when = lxw_datetime(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day), hour: 0, min: 0, sec: 0)
                    worksheet_write_datetime(worksheet, line, col, &when, dateFormat)
                case .empty: break
                }
            }
        }
        let closed = workbook_close(workbook)
        guard closed == LXW_NO_ERROR else { throw SpreadsheetError.write(String(cString: lxw_strerror(closed))) }
        guard let data = FileManager.default.contents(atPath: path) else { throw SpreadsheetError.write("no file") }
        return [UInt8](data)
    }
}

extension Download {
    static func csv(_ sheet: Sheet, filename: String) -> Response {
        csv([sheet.header] + sheet.rows.map { $0.map(\.plain) }, filename: filename + ".csv")
    }

    static func xlsx(_ sheet: Sheet, filename: String) throws -> Response {
        file(try XLSX.document(sheet), filename: filename + ".xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
}
