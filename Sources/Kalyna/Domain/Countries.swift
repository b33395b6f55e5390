/// Countries an initiative can be in (ISO 3166-1 alpha-2): the network's region
/// (Eastern Europe, the Caucasus, Central Asia) and its neighbours. Names are in
/// the catalogs as `country_XX`.
public enum Countries {
    public static let codes: [String] = [
        "AL", "AM", "AZ", "BA", "BG", "BY", "CZ", "EE", "GE", "HR", "HU", "KG", "KZ", "LT", "LV", "MD",
        "ME", "MK", "MN", "PL", "RO", "RS", "RU", "SI", "SK", "TJ", "TM", "TR", "UA", "UZ", "XK",
    ]

    public static func isKnown(_ code: String) -> Bool { codes.contains(code) }
}
