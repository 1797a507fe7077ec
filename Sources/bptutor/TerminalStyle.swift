import Foundation

/// What the terminal can show.
enum TerminalStyle {
  /// Whether the locale's character set is UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`).
  static var localeIsUTF8: Bool {
    for variable in ["LC_ALL", "LC_CTYPE", "LANG"] {
      if let value = Environment[variable], !value.isEmpty {
        let lowered = value.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
      }
    }
    return false
  }

  /// The width to wrap plain output to: `$COLUMNS`, else 80.
  static var width: Int {
    if let columns = Environment["COLUMNS"].flatMap(Int.init), columns >= 20 {
      return min(columns, 200)
    }
    return 80
  }
}
