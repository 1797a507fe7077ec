import TutorEngine
import TutorMath

/// A small JSON document builder with deterministic output (keys in the order given).
indirect enum JSONValue {
  case string(String)
  case number(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])
  /// Already-serialised JSON (a tensor from ``TensorJSON``).
  case raw(String)

  static func tensor(_ tensor: Tensor) -> JSONValue { .raw(TensorJSON.string(tensor)) }

  /// Nested row-major values only (a bare number for a scalar).
  static func values(_ tensor: Tensor) -> JSONValue {
    let text = TensorJSON.string(tensor)
    guard let range = text.range(of: "\"value\": ") else { return .raw(text) }
    return .raw(String(text[range.upperBound...].dropLast()))
  }

  var serialized: String {
    switch self {
    case .string(let text): return Self.quote(text)
    case .number(let value): return TensorJSON.number(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let items): return "[" + items.map(\.serialized).joined(separator: ", ") + "]"
    case .object(let pairs):
      return "{" + pairs.map { Self.quote($0.0) + ": " + $0.1.serialized }.joined(separator: ", ")
        + "}"
    case .raw(let text): return text
    }
  }

  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        // Control characters (C0, DEL, C1) as escapes: JSON reads them back, and no
        // terminal is driven by them.
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
