import Templating

/// What a form shows: the values typed (or stored) and the error beside each
/// A form as typed, with a message key per field: what a page model keeps to
/// show it again (a `FormView` is made from it when the page is rendered).
struct TypedForm: Sendable {
    var values: [String: String] = [:]
    var errors = FormErrors()

    func view(_ context: RequestContext) -> FormView { FormView(context, values: values, errors: errors) }
}

/// field. Handlers describe fields; the `partials/field*` templates draw them.
public struct FormView {
    public var values: [String: String]
    public var errors: FormErrors
    let context: RequestContext

    public init(_ context: RequestContext, values: [String: String] = [:], errors: FormErrors = FormErrors()) {
        self.context = context
        self.values = values
        self.errors = errors
    }

    /// A text-like input (`type` text, email, password, date, …).
    public func field(
        _ name: String, label: String, type: String = "text", required: Bool = true, autocomplete: String? = nil,
        hint: String? = nil, maxLength: Int = 200
    ) -> TemplateValue {
        var object = common(name, label: label, required: required, hint: hint)
        // A date typed wrong comes back as typed, in a text box: `<input type="date">`
        // may only hold a real date, and the person should see what to correct.
        let typedBadDate = type == "date" && !(values[name] ?? "").isEmpty && CalendarDate(iso: values[name] ?? "") == nil
        object["type"] = .string(typedBadDate ? "text" : type)
        // Passwords are never sent back to the browser.
        object["value"] = type == "password" ? .null : TemplateValue(values[name])
        object["autocomplete"] = TemplateValue(autocomplete)
        // The attribute is valid only on text-like inputs (not dates, numbers, files).
        object["maxlength"] = ["text", "email", "password", "search", "tel", "url"].contains(type) ? .int(maxLength) : .null
        return .object(object)
    }

    public func textarea(_ name: String, label: String, required: Bool = false, hint: String? = nil, maxLength: Int = 4000) -> TemplateValue {
        var object = common(name, label: label, required: required, hint: hint)
        object["value"] = TemplateValue(values[name])
        object["maxlength"] = .int(maxLength)
        object["textarea"] = true
        return .object(object)
    }

    /// A drop-down of (value, label) options, the typed value selected.
    public func select(_ name: String, label: String, options: [(String, String)], required: Bool = true, placeholder: String? = nil, hint: String? = nil) -> TemplateValue {
        var object = common(name, label: label, required: required, hint: hint)
        var items: [TemplateValue] = []
        if let placeholder { items.append(["value": "", "label": .string(placeholder), "selected": .bool((values[name] ?? "").isEmpty)]) }
        for (value, label) in options {
            items.append(["value": .string(value), "label": .string(label), "selected": .bool(values[name] == value)])
        }
        object["options"] = .list(items)
        object["select"] = true
        return .object(object)
    }

    /// A drop-down whose options come in labelled groups (`<optgroup>`).
    public func groupedSelect(_ name: String, label: String, groups: [(String, [(String, String)])], placeholder: String? = nil) -> TemplateValue {
        guard case .object(var object) = select(name, label: label, options: [], placeholder: placeholder) else { return .null }
        object["groups"] = .list(groups.map { group in
            ["label": .string(group.0), "options": .list(group.1.map { ["value": .string($0.0), "label": .string($0.1), "selected": .bool(values[name] == $0.0)] })]
        })
        return .object(object)
    }

    private func common(_ name: String, label: String, required: Bool, hint: String?) -> [String: TemplateValue] {
        [
            "name": .string(name),
            "id": .string("field-" + name),
            "label": .string(label),
            "required": .bool(required),
            "hint": TemplateValue(hint),
            "error": TemplateValue(errors[name].map { context.t($0) }),
            // Which control the field partial draws: set true by `textarea` and `select`.
            "textarea": false, "select": false, "groups": .null,
        ]
    }

    /// The summary at the top of the form: how many errors, and a link to each.
    public var summary: TemplateValue { Self.summary(errors, context) }

    /// Each error links to its field: `field-<name>`, or for a field of the
    /// n-th row (`line_2_amount`) the row's control, `line-amount-2`.
    public static func summary(_ errors: FormErrors, _ context: RequestContext) -> TemplateValue {
        guard !errors.isEmpty else { return .null }
        return [
            "text": .string(context.t("form_error_summary", count: errors.fields.count)),
            "items": .list(errors.fields.sorted { $0.key < $1.key }.map { key, message in
                ["href": .string("#" + anchor(key)), "message": .string(context.t(message))]
            }),
        ]
    }

    static func anchor(_ key: String) -> String {
        let parts = key.split(separator: "_")
        if let index = parts.firstIndex(where: { Int($0) != nil }), index > 0 {
            return (parts[..<index] + parts[(index + 1)...]).joined(separator: "-") + "-" + parts[index]
        }
        return "field-" + key
    }
}

/// Page numbers for a list that grows: 50 rows a page, links that keep the
/// list's filters.
public struct Pager {
    public let page: Int
    public let perPage: Int
    public let total: Int

    public init(page: Int, perPage: Int = 50, total: Int = 0) {
        self.page = page
        self.perPage = perPage
        self.total = total
    }

    public var offset: Int { (page - 1) * perPage }

    /// The same page, now that the list's total is known.
    public func counting(_ total: Int) -> Pager {
        Pager(page: page, perPage: perPage, total: total)
    }

    /// `?name=value&…` of the filters that are set ("" when none): an export
    /// link that holds what the list shows. The pager's links keep the same.
    public static func query(_ filters: [(String, String)]) -> String {
        let set = filters.filter { !$0.1.isEmpty }
        return set.isEmpty ? "" : "?" + set.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// The page asked for of rows already read whole (lists built from several
    /// reads, or grouped after reading), with its links.
    public static func slice<T>(
        _ rows: [T], _ context: RequestContext, path: String, filters: [(String, String)] = [], perPage: Int = 50
    ) -> (rows: ArraySlice<T>, pager: TemplateValue) {
        let pager = Pager(page: min(context.pageNumber, max(1, (rows.count + perPage - 1) / perPage)), perPage: perPage, total: rows.count)
        let shown = rows.dropFirst(pager.offset).prefix(perPage)
        return (shown, rows.count > perPage ? pager.value(path: path, filters: filters, context: context) : .null)
    }
    public var pageCount: Int { max(1, (total + perPage - 1) / perPage) }

    /// Links to the previous and next pages, with `filters` kept in the address.
    public func value(path: String, filters: [(String, String)], context: RequestContext) -> TemplateValue {
        func link(_ number: Int) -> String { path + Self.query(filters + [("page", String(number))]) }
        return [
            "previous": page > 1 ? .string(link(page - 1)) : .null,
            "next": page < pageCount ? .string(link(page + 1)) : .null,
            "label": .string(context.t("pager_label", ["page": String(page), "pages": String(pageCount), "total": String(total)])),
        ]
    }
}

/// Options of a list's filter drop-downs, "All" first.
public struct FilterOptions {
    let context: RequestContext

    public init(_ context: RequestContext) {
        self.context = context
    }

    public func option(_ value: String, _ label: String, _ selected: Bool) -> TemplateValue {
        ["value": .string(value), "label": .string(label), "selected": .bool(selected)]
    }

    /// "All", then `items` as (value, label), the one equal to `selected` chosen.
    public func list(_ items: [(String, String)], selected: String?) -> TemplateValue {
        .list([option("", context.t("filter_all"), selected == nil)] + items.map { option($0.0, $0.1, $0.0 == selected) })
    }

    /// Every country, by name in the page's language.
    public func countries(selected: String?) -> TemplateValue {
        list(context.format.countries.map { ($0.code, $0.name) }, selected: selected)
    }
}
