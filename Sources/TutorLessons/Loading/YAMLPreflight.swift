internal import CYaml

/// A pass over libyaml's event stream before Yams composes a tree: it refuses what a
/// lesson never needs and what could make composing blow up. Anchors and aliases
/// (`&a`, `*a`) are refused before anything expands them, since a few hundred bytes of
/// nested aliases ("billion laughs") expand to gigabytes, and Yams hashes a mapping's
/// keys in full. Nesting deeper than ``maxDepth`` is refused too, since Yams composes
/// recursively. The pass is linear in the file and allocates no tree.
enum YAMLPreflight {
  /// Lists and mappings inside one another, at most (lessons use about 5).
  static let maxDepth = 64

  /// What the pass refused, with the 1-based position of the offending token.
  struct Problem: Equatable {
    var message: String
    var location: SourceLocation
    var note: String?
  }

  /// The first problem in `text`, or nil. YAML syntax errors are left to Yams (which
  /// reports them with more context): the pass stops at the first one without a problem.
  /// `what` names the file in messages ("a lesson", "the course file").
  static func check(_ text: String, in what: String = "a lesson") -> Problem? {
    var bytes = Array(text.utf8)
    if bytes.isEmpty { return nil }
    return bytes.withUnsafeMutableBufferPointer { buffer -> Problem? in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var depth = 0
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        let location = SourceLocation(
          line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        var anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_ALIAS_EVENT:
          return Problem(
            message:
              "YAML aliases (`*\(name(event.data.alias.anchor))`) are not allowed in \(what)",
            location: location, note: aliasNote)
        case YAML_SCALAR_EVENT:
          anchor = event.data.scalar.anchor
        case YAML_SEQUENCE_START_EVENT:
          anchor = event.data.sequence_start.anchor
          depth += 1
        case YAML_MAPPING_START_EVENT:
          anchor = event.data.mapping_start.anchor
          depth += 1
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          depth -= 1
        default:
          break
        }
        if let anchor {
          return Problem(
            message: "YAML anchors (`&\(name(anchor))`) are not allowed in \(what)",
            location: location, note: aliasNote)
        }
        if depth > maxDepth {
          return Problem(
            message: "lists and mappings are nested more than \(maxDepth) deep",
            location: location, note: "a lesson nests about five levels")
        }
      }
    }
  }

  private static let aliasNote = "write each value out; lessons need no anchors or aliases"

  /// An anchor's name, shortened and with control characters escaped for the message.
  private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
    guard let pointer else { return "" }
    let text = String(cString: pointer)
    let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
    return shown.unicodeScalars.map { scalar in
      scalar.value < 0x20 || scalar.value == 0x7F
        ? "<U+\(String(scalar.value, radix: 16, uppercase: true))>" : String(scalar)
    }.joined()
  }
}
