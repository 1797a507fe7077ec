import Foundation
import TestSupport
import Testing

@testable import TutorLessons
@testable import TutorMath

/// A lesson names the same quantities in many places; loading it parses each distinct
/// text once, and a remembered parse is the parse.
@Suite("Parse memo")
struct ParseMemoTests {
  @Test(
    "loading a lesson parses each distinct expression text once",
    arguments: ["relu-1-2-2-1", "softmax-jacobian", "backprop-ninja", "self-attention"])
  func eachTextOnce(id: String) throws {
    let counter = ParseCounter()
    let lesson = ParseCounter.$current.withValue(counter) {
      LessonLoader.load(path: Repository.lessons + "/\(id).yaml").lesson
    }
    #expect(lesson != nil)
    let texts = counter.texts
    #expect(texts.count > 10)
    #expect(Set(texts).count == texts.count, "a text parsed twice")
  }

  @Test("every expression of every lesson: the byte path gives the character path's tokens")
  func lessonExpressionsLexTheSame() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Repository.lessons)
      .filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }
    #expect(names.count > 20)
    var read = 0
    for name in names {
      let counter = ParseCounter()
      ParseCounter.$current.withValue(counter) {
        _ = LessonLoader.load(path: Repository.lessons + "/" + name)
      }
      for text in counter.texts {
        let fast = Result { () throws(MathError) in try Lexer(text).tokenize() }
        let general = Result { () throws(MathError) in try Lexer(text).tokenizeCharacters() }
        #expect(fast == general, "\(name): \(text)")
        #expect(Lexer(text).count == text.count, "\(name): \(text)")
        if Lexer.readsBytes(text) { read += 1 }
      }
    }
    #expect(read > 500, "the lessons' expressions are ASCII: the byte path is the one taken")
  }

  @Test("a remembered parse is what parsing again gives, error and caret included")
  func remembered() {
    var memo = ParseMemo()
    for text in ["W1 @ x", "grad(J, W1)", "2 * (3 + )", "x ? 1", "[1 -2]", "−6", ""] {
      let fresh = Result { () throws(MathError) in try Parser.parse(text) }
      #expect(memo.parse(text) == fresh, "\(text)")
      #expect(memo.parse(text) == fresh, "\(text), again")
    }
  }
}
