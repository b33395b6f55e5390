public enum AppInfo {
    public static let name = "Kalyna"
    public static let version = "0.1.0"
}
