import Testing
import TutorCore
import TutorLessons

/// The menu follows the course (issue 12, item 4): section headings above their lessons,
/// the lessons a course does not name last, prerequisites under the summary.
@Suite("The menu in course order")
struct CourseMenuTests {
  /// Twelve lessons in three sections and two outside the course.
  static func entries() -> [LessonEntry] {
    var entries: [LessonEntry] = []
    for (section, count) in [("First", 5), ("Second", 4), ("Third", 3)] {
      for k in 1...count {
        entries.append(
          LessonEntry(
            id: "\(section.lowercased())-\(k)", title: "\(section) lesson \(k)",
            summary: "About \(section.lowercased()) \(k).", stepIDs: ["a", "b"],
            section: section, prerequisites: k > 1 ? ["\(section.lowercased())-\(k - 1)"] : []))
      }
    }
    entries.append(LessonEntry(id: "extra-a", title: "Extra A", stepIDs: ["a"]))
    entries.append(LessonEntry(id: "extra-b", title: "Extra B", stepIDs: ["a"]))
    return entries
  }

  static func screen(_ state: AppState, height: Int = 24) -> [String] {
    TutorApp.view(state, width: 80, height: height).lines
  }

  /// The list rows (below the header, above the rule), trailing spaces dropped.
  static func listRows(_ lines: [String]) -> [String] {
    Array(lines.dropFirst(2).prefix { !$0.hasPrefix("─") }).map {
      String($0.reversed().drop { $0 == " " }.reversed())
    }
  }

  @Test("headings stand above their lessons; lessons outside the course come under “Other lessons”")
  func headings() {
    let state = AppState(lessons: Self.entries())
    let rows = Self.listRows(Self.screen(state, height: 40))
    #expect(rows.first == " First")
    #expect(
      rows.filter { !$0.hasPrefix("   ") && !$0.hasPrefix(" ›") } == [
        " First", " Second", " Third", " Other lessons",
      ])
    #expect(rows.count == 14 + 4)
    #expect(rows[1].hasPrefix(" › new      first-1"))
    #expect(rows.last?.contains("extra-b") == true)
  }

  @Test("without sections (no course file) the menu lists the lessons with no headings")
  func noCourse() {
    let entries = Self.entries().map {
      LessonEntry(id: $0.id, title: $0.title, summary: $0.summary, stepIDs: $0.stepIDs)
    }
    let rows = Self.listRows(Self.screen(AppState(lessons: entries), height: 40))
    #expect(rows.count == entries.count)
    #expect(rows.allSatisfy { $0.hasPrefix(" › ") || $0.hasPrefix("   ") })
  }

  @Test("moving down scrolls so the chosen lesson stays on screen; its prerequisites show")
  func scrolling() {
    var state = AppState(lessons: Self.entries())
    var driver = TutorDriver(
      state: state, library: LessonLibrary(directory: "/nonexistent"), store: nil)
    for _ in 0..<12 { driver.press(.down) }
    state = driver.state
    #expect(state.lessons[state.menuIndex].id == "extra-a")
    let lines = Self.screen(state)
    let rows = Self.listRows(lines)
    #expect(rows.count == 24 - 10)
    #expect(rows.contains { $0.hasPrefix(" › new      extra-a") })
    #expect(rows.contains(" Other lessons"))
    driver.press(.up)
    let third = Self.screen(driver.state)
    #expect(third.contains { $0.hasPrefix(" Do first: third-2") })
  }
}
