import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor list`: the lessons with their progress.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", _superCommandName: "bptutor",
    abstract: "List the lessons: id, title, step count and progress.")

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let directory = try location.resolve()
    let (progress, warning) = state.store.load()
    if let warning { printError(warning) }
    let listing = try LessonCatalog.listing(in: directory)
    for warning in listing.warnings { printError(warning) }
    // The course's order and sections, as the menu shows them.
    let catalog = LessonLibrary(directory: directory, summaryCache: Environment.summaryCache)
      .catalog()
    if catalog.courseHasErrors {
      printError(
        "warning: \(Course.path(in: directory)) has errors (run bptutor check); the lessons are in file order"
      )
    }
    let entries = catalog.entries
    if json {
      let items = entries.map { entry -> JSONValue in
        let (solved, revealed, hints) = progress.counts(of: entry.id, stepIDs: entry.stepIDs)
        let status = progress.status(of: entry.id, stepIDs: entry.stepIDs)
        return .object([
          ("id", .string(entry.id)), ("section", entry.section.map(JSONValue.string) ?? .null),
          ("title", .string(Self.title(of: entry))),
          ("steps", .number(Double(entry.stepIDs.count))), ("solved", .number(Double(solved))),
          ("revealed", .number(Double(revealed))), ("hints", .number(Double(hints))),
          ("status", .string(status)),
          (
            "progress",
            .object([
              ("solved", .number(Double(solved))), ("revealed", .number(Double(revealed))),
              ("hints", .number(Double(hints))), ("steps", .number(Double(entry.stepIDs.count))),
              ("status", .string(status)),
            ])
          ),
          ("prerequisites", .array(entry.prerequisites.map(JSONValue.string))),
        ])
      }
      Output.print(JSONValue.array(items).serialized, style: output.style)
      return
    }
    let headed = entries.contains { $0.section != nil }
    let indent = headed ? "  " : ""
    let idWidth = entries.map(\.id.count).max() ?? 0
    // Statuses grow ("✓ done · 2 revealed"): the column is as wide as the longest, so
    // none is cut (String.padding(toLength:) truncates).
    func status(of entry: LessonEntry) -> String {
      let status = progress.status(of: entry.id, stepIDs: entry.stepIDs)
      return output.style == .ascii && status.hasPrefix("✓ ") ? String(status.dropFirst(2)) : status
    }
    let statusWidth = max(8, (entries.map { status(of: $0).count }.max() ?? 0) + 2)
    var lines: [String] = []
    var section: String?? = .none
    for entry in entries {
      if headed, section != .some(entry.section) {
        if !lines.isEmpty { lines.append("") }
        lines.append(entry.section ?? LessonEntry.otherLessonsHeading)
        section = .some(entry.section)
      }
      let steps = "\(entry.stepIDs.count) steps"
      lines.append(
        indent + entry.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
          + steps.padding(toLength: 10, withPad: " ", startingAt: 0)
          + status(of: entry).padding(toLength: statusWidth, withPad: " ", startingAt: 0)
          + Self.title(of: entry))
    }
    if !lines.isEmpty { Output.print(lines, style: output.style) }
  }

  /// The title, or for a file that cannot be read, what to do about it.
  static func title(of entry: LessonEntry) -> String {
    entry.problem == nil ? entry.title : "(cannot be read: run bptutor check \(entry.id))"
  }
}
