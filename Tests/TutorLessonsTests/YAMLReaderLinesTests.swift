import Testing

@testable import TutorLessons

/// The reader finds a file's lines and a block's indents on the bytes; what it finds is
/// what splitting the text by characters finds.
@Suite("YAML reader: lines and indents")
struct YAMLReaderLinesTests {
  static let texts = [
    "", "\n", "\n\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\r\n\nb", "\r\n", "\r", "é\nü\n",
    "  x\n    y\n\ty\n", "  \u{301}x\n  x\n", "   \u{7}x\n", "      \n", "😀\n  😀\n",
    "a:\n  |\n    l1\n     l2\n\n    l3\n", " \u{200D}\n",
  ]

  @Test("the line count is the count of lines split at \"\\n\" characters")
  func lineCount() {
    for text in Self.texts {
      let split = text.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(YAMLReader.lineCount(text) == split.count, "\(text.debugDescription)")
    }
  }

  @Test("each line, and the spaces that begin it as shown, as the characters have them")
  func linesAndIndents() {
    for text in Self.texts {
      let reader = YAMLReader(path: "x.yaml", text: text)
      let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        .map { Substring($0) }
      #expect(reader.lineCount == lines.count, "\(text.debugDescription)")
      for (index, line) in lines.enumerated() {
        #expect(reader.line(index + 1) == line, "\(text.debugDescription) line \(index + 1)")
      }
      for line in 0...(lines.count + 1) {
        let shown = reader.sourceLine(line).map { $0.prefix { $0 == " " }.count } ?? 0
        #expect(reader.indent(ofLine: line) == shown, "\(text.debugDescription) line \(line)")
      }
    }
  }
}

/// Names and step ids are checked on the bytes when they are ASCII; the verdict is the
/// one the characters give.
@Suite("YAML reader: names and words")
struct YAMLReaderWordTests {
  static var texts: [String] {
    var texts = [
      "", "x", "_", "_x1", "W1", "1x", "a-b", "a_b", "a b", "a\r\nb", "a\rb", "x\u{301}", "σ",
      "é", "a1-b2_c3", "-", "é-1", "a\u{7F}", "Z", "z", "@", "[", "`", "{", "/", ":", "0", "9",
    ]
    texts += (0..<0x80).map { "a" + String(Unicode.Scalar(UInt8($0))) }
    texts += (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) + "a" }
    return texts
  }

  @Test("a name: a letter or _, then letters, digits and _")
  func names() {
    for text in Self.texts {
      let characters =
        text.first.map { $0.isLetter || $0 == "_" } == true
        && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      #expect(YAMLReader.isName(text) == characters, "\(text.debugDescription)")
    }
  }

  @Test("a step id: letters, digits, - and _")
  func words() {
    for text in Self.texts {
      let characters = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
      #expect(
        YAMLReader.isWord(text, others: ["-", "_"]) == characters, "\(text.debugDescription)")
    }
  }
}
