import Foundation
import TerminalText

/// The one way bptutor writes numbers, in every screen and command:
/// integers without a decimal point (`-18`), everything else to 4 significant
/// figures (`0.08193`, `0.3333`, `1.5`), very large or small magnitudes in
/// exponent form the parser reads back (`1.235e6`, `2e-7`).
///
/// The minus is always the ASCII hyphen-minus, so any number shown can be
/// copied into an answer.
public enum NumberFormat {
  /// Significant figures for non-integers.
  public static let significantFigures = 4

  /// `value` written for a person.
  public static func string(_ value: Double, style: MathStyle = .unicode) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite {
      let infinity = style == .ascii ? "inf" : "∞"
      return value < 0 ? "-" + infinity : infinity
    }
    if value == 0 { return "0" }  // also -0
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    let magnitude = abs(value)
    if magnitude >= 1e6 || magnitude < 1e-4 {
      return exponential(value)
    }
    var text = printf("%.\(significantFigures)g", value)
    if text.contains("e") { return exponential(value) }
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  /// `1.235e6`, `-2e-7`: mantissa to 4 significant figures, no `+`, no leading zeros.
  private static func exponential(_ value: Double) -> String {
    let text = printf("%.\(significantFigures - 1)e", value)
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = String(text[..<e])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    return "\(mantissa)e\(exponent)"
  }

  /// The C locale (for numbers: `1 << LC_NUMERIC` is `LC_NUMERIC_MASK`), for ``printf(_:_:)``.
  private nonisolated(unsafe) static let posix = newlocale(1 << LC_NUMERIC, "C", nil)

  /// `value` formatted by the C library in the C locale (a `.` for the decimal point
  /// whatever `LC_NUMERIC` says): Foundation's `String(format:)` costs about 120,000
  /// instructions a call.
  private static func printf(_ format: String, _ value: Double) -> String {
    let previous = uselocale(posix)
    defer { uselocale(previous) }
    return withVaList([value]) { arguments in
      var buffer = [CChar](repeating: 0, count: 64)
      let count = vsnprintf(&buffer, buffer.count, format, arguments)
      guard count >= 0, count < buffer.count else { return String(format: format, value) }
      return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
  }
}
