import Foundation
import TestSupport
import Testing

@testable import TutorProgress

/// `progress.json` read and written a lesson entry at a time (issue 24): the same text as
/// Foundation's encoder, read back as Foundation reads it, one bad record costing only
/// that record, and what is not JSON refused.
@Suite("Progress file read and written as a stream")
struct ProgressStreamTests {
  /// A progress with every kind of field, unknown ones and unreadable entries included.
  static func sample() throws -> LearnerProgress {
    var progress = LearnerProgress()
    for event in 0..<40 {
      progress.recordAttempt(
        AttemptRecord.Outcome.allCases[event % 8], step: "s\(event % 5)", in: "relu",
        variant: event / 5, skills: ["relu-mask", "chain-rule"],
        at: 1_700_000_000.25 + Double(event))
    }
    progress.recordHints(2, step: "s1", in: "relu")
    progress.recordProbe(step: "s2", in: "relu")
    progress.markRevealed("s9", in: "relu")
    progress.markSolved("quote \" back\\slash\n tab\t é ∂ 😀 \u{01}", in: "odd \"id\"")
    progress.recordExam(
      ExamRecord(variant: 7, score: 2.5, total: 3, time: 12.5, verdicts: ["a": "correct"]),
      in: "relu")
    progress.reset(lesson: "gone")
    let json = #"""
      {"version": 2, "theme": {"dark": true, "list": [1, -2.5e-7, null, "x"]},
       "lessons": {"relu": {"streak": 4, "attempts": [{"step": "x"}]}, "broken": {"hints": 3}},
       "skills": {"bad": {"known": 7}}}
      """#
    let (other, _) = try #require(
      LearnerProgress.read(
        JSONDecoder().decode(
          ProgressJSON.self, from: Data(json.utf8))))
    return progress.merged(with: other)
  }

  static func written(_ progress: LearnerProgress) throws -> Data {
    let path = try TemporaryDirectory.make("bptutor-stream") + "/p.json"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { close(descriptor) }
    try progress.write(to: JSONStreamWriter(descriptor: descriptor, limit: 1 << 30))
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  static func read(_ text: Data, chunk: Int = 64 * 1024) throws -> (
    progress: LearnerProgress, problems: [String]
  )? {
    let path = try TemporaryDirectory.make("bptutor-stream") + "/p.json"
    try text.write(to: URL(fileURLWithPath: path))
    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    return try LearnerProgress.read(
      from: JSONStreamReader(descriptor: descriptor, limit: 1 << 30, chunk: chunk))
  }

  @Test("the text is what JSONEncoder writes, pretty-printed with sorted keys")
  func sameTextAsFoundation() throws {
    let progress = try Self.sample()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let foundation = try encoder.encode(progress)
    let streamed = try Self.written(progress)
    #expect(
      try JSONSerialization.jsonObject(with: streamed) as? NSDictionary
        == JSONSerialization.jsonObject(with: foundation) as? NSDictionary)
    let text = String(decoding: streamed, as: UTF8.self)
    #expect(text.hasSuffix("\n  \"version\" : 2\n}\n"))
    #expect(text.contains("\"time\" : 1700000000.25"))
    #expect(text.contains(#""quote \" back\\slash\n tab\t é ∂ 😀 \u0001""#))
  }

  @Test("what is written reads back equal, through Foundation and through the stream")
  func roundTrip() throws {
    let progress = try Self.sample()
    let streamed = try Self.written(progress)
    #expect(try JSONDecoder().decode(LearnerProgress.self, from: streamed) == progress)
    // A chunk of 7 bytes: strings, numbers and escapes split across chunks.
    for chunk in [7, 64 * 1024] {
      let (read, problems) = try #require(try Self.read(streamed, chunk: chunk))
      #expect(read == progress)
      #expect(
        problems == [
          "the entry of lesson `broken` cannot be read (`hints` is not an object of counts by "
            + "step id); it is kept as it is",
          "the estimate of skill `bad` cannot be read; it is kept as it is",
        ])
    }
  }

  @Test("one attempt that does not read is dropped, not its lesson")
  func badRecord() throws {
    let text = #"""
      {"version": 2, "lessons": {"l": {"solved": ["a"], "attempts": [
        {"step": "a", "outcome": "right", "variant": 0, "time": 1},
        {"step": "a", "outcome": "no such outcome", "variant": 0, "time": 2},
        {"step": "b", "outcome": "revealed", "variant": 0, "time": 3}]}}}
      """#
    let (progress, _) = try #require(try Self.read(Data(text.utf8)))
    #expect(progress.lessons["l"]?.solved == ["a"])
    #expect(progress.lessons["l"]?.attempts.map(\.time) == [1, 3])
  }

  @Test(
    "what Foundation refuses is refused: not JSON, or JSON with more after it",
    arguments: [
      "", "{", #"{"version": 2,}"#, #"{"a": [1, 2,]}"#, "{} x", #"{"a": 01}"#, #"{"a": 1.}"#,
      #"{"a": "\ud800"}"#, #"{"a": "\x"}"#, "{\"a\": \"\u{01}\"}", #"{"a": tru}"#, "[1] [2]",
    ])
  func notJSON(text: String) throws {
    #expect(throws: JSONStreamReader.Failure.syntax) { try Self.read(Data(text.utf8)) }
  }

  @Test("invalid UTF-8 in a string is refused")
  func invalidUTF8() throws {
    let bytes = Data(#"{"a": ""#.utf8) + Data([0xC3, 0x28]) + Data(#""}"#.utf8)
    #expect(throws: JSONStreamReader.Failure.syntax) { try Self.read(bytes) }
  }

  @Test("JSON that is not progress reads as nil (the store moves it aside)")
  func notProgress() throws {
    for text in ["[1, 2]", #"{"lessons": [1]}"#, #"{"version": "two"}"#, "3"] {
      #expect(try Self.read(Data(text.utf8)) == nil, "\(text)")
    }
  }

  @Test(
    "numbers read as Foundation reads them",
    arguments: [
      "0", "-0", "12", "-7", "1700000000.123456", "1e3", "2.5E-7", "123456789012345678",
      "0.1", "-1.5e+300",
    ])
  func numbers(text: String) throws {
    let (progress, _) = try #require(try Self.read(Data(#"{"n": \#(text)}"#.utf8)))
    let foundation = try JSONDecoder().decode(Double.self, from: Data(text.utf8))
    #expect(progress.otherFields["n"] == .number(foundation))
  }

  @Test("the writer stops at the limit and says so")
  func limit() throws {
    let path = try TemporaryDirectory.make("bptutor-stream") + "/p.json"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { close(descriptor) }
    #expect(throws: JSONStreamWriter.Failure.tooLarge) {
      try Self.sample().write(to: JSONStreamWriter(descriptor: descriptor, limit: 2_000))
    }
  }
}
