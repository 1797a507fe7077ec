import Foundation
import TestSupport
import Testing

@testable import TerminalText

/// `--ascii` promises pure ASCII: every character the course's lessons and the tutor's own
/// texts use must have an ASCII spelling in the fold, not the `?` of an unknown character.
@Suite("ASCII fold covers what the tutor prints")
struct ASCIIFoldCoverageTests {
  /// Every distinct non-ASCII character of the files under `folder` with `suffix`.
  static func characters(under folder: String, suffix: String) throws -> Set<Character> {
    let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(suffix) }
    #expect(!files.isEmpty, "no \(suffix) files under \(folder)")
    var found = Set<Character>()
    for file in files {
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      // Comments are not printed; `�` stands for bytes that are not text and folds to `?`.
      for line in text.split(separator: "\n")
      where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
        for character in line where !character.isASCII && character != "�" {
          found.insert(character)
        }
      }
    }
    return found
  }

  @Test("every character of the lessons and the sources folds to ASCII without a ?")
  func everyCharacterFolds() throws {
    let used = try Self.characters(under: Repository.lessons, suffix: ".yaml")
      .union(Self.characters(under: Repository.root.path + "/Sources", suffix: ".swift"))
    #expect(used.count > 20, "expected the lessons to use Greek letters and math symbols")
    var unknown: [String] = []
    for character in used.sorted() {
      let folded = ASCIIFold.fold(String(character))
      if !folded.allSatisfy(\.isASCII) || folded.contains("?") {
        let codes = character.unicodeScalars.map { "U+" + String($0.value, radix: 16) }
        unknown.append("\(character) (\(codes.joined(separator: " "))) → \(folded)")
      }
    }
    #expect(unknown.isEmpty, "no ASCII spelling for: \(unknown.joined(separator: ", "))")
  }
}
