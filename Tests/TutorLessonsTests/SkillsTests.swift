import Foundation
import TestSupport
import Testing

@testable import TutorLessons
@testable import TutorProgress

/// Skills (issue 11): every step names skills from the vocabulary; `check` requires them
/// and rejects unknown ones; the vocabulary is the one lessons/README.md documents.
@Suite("Skills")
struct SkillsTests {
  /// relu-1-2-2-1's text with `change` applied, written to a fresh folder.
  static func lesson(_ change: (String) -> String) throws -> String {
    let text = try String(
      contentsOfFile: Repository.lessons + "/relu-1-2-2-1.yaml", encoding: .utf8)
    let path = try HostileLessonTests.temporaryDirectory() + "/relu-1-2-2-1.yaml"
    try change(text).write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("every step of every lesson names at least one skill of the vocabulary")
  func everyStep() {
    for id in LessonCatalog.ids(in: Repository.lessons) {
      let (lesson, _) = LessonLoader.load(path: Repository.lessons + "/\(id).yaml")
      for step in lesson?.steps ?? [] {
        #expect(!step.skills.isEmpty, "\(id)/\(step.id)")
        for skill in step.skills {
          #expect(Skill.named(skill) != nil, "\(id)/\(step.id): \(skill)")
        }
      }
    }
  }

  @Test("an unknown skill is an error at its place, with a suggestion")
  func unknown() throws {
    let path = try Self.lesson {
      $0.replacingOccurrences(of: "skills: [relu-mask]", with: "skills: [relu-masks]")
    }
    let diagnostics = LessonLinter.check(path: path)
    let error = try #require(diagnostics.first { $0.message.contains("unknown skill") })
    #expect(error.message == "unknown skill `relu-masks`")
    #expect(error.note?.contains("relu-mask") == true)
    #expect(error.location?.line != nil)
  }

  @Test("check requires skills on every step")
  func missing() throws {
    let path = try Self.lesson {
      $0.replacingOccurrences(of: "    skills: [sgd-update]\n", with: "")
    }
    let messages = LessonLinter.check(path: path).map(\.message)
    #expect(messages.contains("step `sgd` names no skills"))
  }

  @Test("lessons/README.md documents every skill of the vocabulary")
  func documented() throws {
    let guide = try String(
      contentsOfFile: Repository.lessons + "/README.md", encoding: .utf8)
    for skill in Skill.all { #expect(guide.contains("`\(skill.id)`"), "\(skill.id)") }
  }
}
