/// Any JSON value, so that fields of `progress.json` this version does not know (written
/// by a newer bptutor, or by hand) are kept as they were when it saves.
package enum ProgressJSON: Codable, Equatable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([ProgressJSON])
  case object([String: ProgressJSON])

  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([ProgressJSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: ProgressJSON].self))
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// The strings of an array of strings; nil for anything else.
  package var strings: [String]? {
    guard case .array(let items) = self else { return nil }
    var result: [String] = []
    result.reserveCapacity(items.count)
    for item in items {
      guard case .string(let text) = item else { return nil }
      result.append(text)
    }
    return result
  }

  /// A whole number; nil for anything else.
  package var integer: Int? {
    guard case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 else {
      return nil
    }
    return Int(value)
  }
}

/// A coding key for any field name.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }

  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
