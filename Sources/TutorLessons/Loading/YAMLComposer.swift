internal import CYaml
import Foundation
import Yams

/// Composes a YAML document into Yams's ``Node`` tree in one pass over libyaml's events,
/// with the checks of ``YAMLPreflight`` made on the way: the tree `Yams.compose(yaml:
/// text, .basic)` gives (the same strings, tags, styles and marks) in one pass instead of
/// two, without Yams's per-event objects and its hashing of every mapping's keys.
///
/// It composes only documents with nothing to report: at an anchor, an alias, nesting
/// deeper than ``YAMLPreflight/maxDepth``, a syntax error, a key that is not a scalar, two
/// keys with the same text, or anything but exactly one document it stops (before
/// anything is expanded) and returns nil; the preflight and Yams then read the file and
/// report what they find, word for word as they always have.
enum YAMLComposer {
  /// The document of `text`, or nil when it has anything to report (see above).
  static func compose(_ text: String) -> Node? {
    guard MarkLayout.isKnown else { return nil }
    var text = text
    return text.withUTF8 { bytes -> Node? in
      guard !bytes.isEmpty else { return nil }
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
      var composer = Composer()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        switch composer.take(&event) {
        case .more: continue
        case .done(let root): return root
        case .refused: return nil
        }
      }
    }
  }

  private enum Step {
    case more
    case done(Node)
    case refused
  }

  /// The open sequences and mappings, innermost last.
  private struct Composer {
    /// An open sequence or mapping, filled in place.
    struct Frame {
      let isMapping: Bool
      let tag: Tag
      let mark: Mark
      var nodes: [Node] = []
      var pairs: [(Node, Node)] = []
      /// A mapping's key waiting for its value.
      var key: Node?
      /// A mapping's key texts so far (compared in turn while they are few)…
      var keyTexts: [String] = []
      /// …and as a set once they are more.
      var keySet: Set<String>?
    }

    var stack: [Frame] = []
    var root: Node?
    var documents = 0
    /// One constructor for every tag, as Yams uses one per parse (`Constructor.default`
    /// builds a new one, with its tables, each time it is asked for).
    let constructor = Constructor.default

    mutating func take(_ event: inout yaml_event_t) -> Step {
      let mark = MarkLayout.mark(
        line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      switch event.type {
      case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
        return .more
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        return documents == 1 ? .more : .refused
      case YAML_STREAM_END_EVENT:
        guard let root, stack.isEmpty else { return .refused }
        return .done(root)
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        guard scalar.anchor == nil else { return .refused }
        let name =
          scalar.quoted_implicit == 1 ? Tag.Name.str.rawValue : Self.string(scalar.tag)
        guard let style = Node.Scalar.Style(rawValue: numericCast(scalar.style.rawValue)) else {
          return .refused
        }
        let value = Self.value(scalar.value, count: scalar.length)
        return add(.scalar(Node.Scalar(value, tag(name), style, mark)))
      case YAML_SEQUENCE_START_EVENT:
        let start = event.data.sequence_start
        return open(
          mapping: false, anchor: start.anchor, tag: start.implicit != 0 ? nil : start.tag,
          mark: mark)
      case YAML_MAPPING_START_EVENT:
        let start = event.data.mapping_start
        return open(
          mapping: true, anchor: start.anchor, tag: start.implicit != 0 ? nil : start.tag,
          mark: mark)
      case YAML_SEQUENCE_END_EVENT:
        // Yams reads the style from the end event (whose data libyaml leaves zeroed).
        guard let frame = stack.popLast(), !frame.isMapping,
          let style = Node.Sequence.Style(
            rawValue: numericCast(event.data.sequence_start.style.rawValue))
        else { return .refused }
        return add(.sequence(Node.Sequence(frame.nodes, frame.tag, style, frame.mark)))
      case YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast(), frame.isMapping, frame.key == nil,
          let style = Node.Mapping.Style(
            rawValue: numericCast(event.data.mapping_start.style.rawValue))
        else { return .refused }
        return add(.mapping(Node.Mapping(frame.pairs, frame.tag, style, frame.mark)))
      default:
        return .refused  // an alias, or an event libyaml does not document
      }
    }

    /// Opens a sequence or mapping (refused with an anchor, or nested too deep); `tag` is
    /// nil when implicit.
    private mutating func open(
      mapping: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?,
      tag written: UnsafeMutablePointer<yaml_char_t>?, mark: Mark
    ) -> Step {
      guard anchor == nil, stack.count < YAMLPreflight.maxDepth else { return .refused }
      stack.append(Frame(isMapping: mapping, tag: tag(written.flatMap(Self.string)), mark: mark))
      return .more
    }

    /// `node` into the innermost open sequence or mapping, or as the root.
    private mutating func add(_ node: Node) -> Step {
      let last = stack.count - 1
      guard last >= 0 else {
        guard root == nil else { return .refused }
        root = node
        return .more
      }
      guard stack[last].isMapping else {
        stack[last].nodes.append(node)
        return .more
      }
      if let key = stack[last].key {
        stack[last].pairs.append((key, node))
        stack[last].key = nil
        return .more
      }
      // Keys with different texts are never equal nodes; anything else is Yams's to judge.
      guard case .scalar(let scalar) = node, isNewKey(scalar.string, in: &stack[last]) else {
        return .refused
      }
      // Yams hashes every key, which resolves its tag for good (a plain `yes` key is
      // then a string, not true): so does this.
      _ = node.tag
      stack[last].key = node
      return .more
    }

    /// Whether no earlier key of `frame` has the text `key` (then remembered).
    private func isNewKey(_ key: String, in frame: inout Frame) -> Bool {
      if frame.keySet == nil {
        guard !frame.keyTexts.contains(key) else { return false }
        frame.keyTexts.append(key)
        if frame.keyTexts.count > 16 { frame.keySet = Set(frame.keyTexts) }
        return true
      }
      return frame.keySet?.insert(key).inserted ?? false
    }

    /// A tag as Yams makes one for `Yams.compose(yaml:_:)` with the basic resolver.
    private func tag(_ name: String?) -> Tag {
      Tag(name.map(Tag.Name.init(rawValue:)) ?? .implicit, .basic, constructor)
    }

    /// A C string of libyaml's (a tag), as Yams decodes it.
    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      guard let pointer else { return nil }
      return String.decodeCString(pointer, as: UTF8.self, repairingInvalidCodeUnits: true)?.result
    }

    /// A scalar's text (which may hold NUL characters).
    private static func value(_ pointer: UnsafeMutablePointer<yaml_char_t>?, count: Int) -> String {
      let bytes = UnsafeBufferPointer(start: pointer, count: count)
      // Yams decodes with Foundation, which treats a leading byte order mark its own way.
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        return String(bytes: bytes, encoding: .utf8) ?? String(decoding: bytes, as: UTF8.self)
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

/// Yams's ``Mark`` has no public initializer; it is two `Int`s, `line` and `column`, and
/// nothing else, so one is written field by field into its own bytes. If Yams ever lays it
/// out otherwise, ``isKnown`` is false and ``YAMLComposer`` leaves every file to Yams.
private enum MarkLayout {
  static let lineOffset = MemoryLayout<Mark>.offset(of: \Mark.line)
  static let columnOffset = MemoryLayout<Mark>.offset(of: \Mark.column)

  static let isKnown: Bool = {
    guard _isPOD(Mark.self), MemoryLayout<Mark>.size == 2 * MemoryLayout<Int>.size,
      let line = lineOffset, let column = columnOffset, line != column
    else { return false }
    return [line, column].allSatisfy { [0, MemoryLayout<Int>.size].contains($0) }
  }()

  static func mark(line: Int, column: Int) -> Mark {
    withUnsafeTemporaryAllocation(
      byteCount: MemoryLayout<Mark>.size, alignment: MemoryLayout<Mark>.alignment
    ) { buffer in
      buffer.storeBytes(of: line, toByteOffset: lineOffset ?? 0, as: Int.self)
      buffer.storeBytes(of: column, toByteOffset: columnOffset ?? 0, as: Int.self)
      return buffer.load(as: Mark.self)
    }
  }
}
