import ArgumentParser
import Foundation
import TutorLessons
import TutorMath

/// `bptutor list`: the lessons with their progress.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the lessons: id, title, step count and progress.")

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let directory = try location.resolve()
    let (progress, warning) = state.store.load()
    if let warning { printError(warning) }
    var rows: [(id: String, title: String, steps: [String])] = []
    let listing = try LessonCatalog.listing(in: directory)
    for warning in listing.warnings { printError(warning) }
    for path in listing.paths {
      let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      let (lesson, _) = LessonLoader.load(path: path)
      if let lesson {
        rows.append((id, lesson.title, lesson.steps.map(\.id)))
      } else {
        rows.append((id, "(cannot be read: run bptutor check \(path))", []))
      }
    }
    if json {
      let items = rows.map { row -> JSONValue in
        let counts = progress.counts(of: row.id, stepIDs: row.steps)
        return .object([
          ("id", .string(row.id)), ("title", .string(row.title)),
          ("steps", .number(Double(row.steps.count))),
          ("solved", .number(Double(counts.solved))),
          ("revealed", .number(Double(counts.revealed))),
          ("hints", .number(Double(counts.hints))),
          ("status", .string(progress.status(of: row.id, stepIDs: row.steps))),
        ])
      }
      Output.print(JSONValue.array(items).serialized, style: output.style)
      return
    }
    let idWidth = rows.map(\.id.count).max() ?? 0
    for row in rows {
      var status = progress.status(of: row.id, stepIDs: row.steps)
      if output.style == .ascii, status.hasPrefix("✓ ") { status.removeFirst(2) }
      let steps = "\(row.steps.count) steps"
      Output.print(
        row.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
          + steps.padding(toLength: 10, withPad: " ", startingAt: 0)
          + status.padding(toLength: 8, withPad: " ", startingAt: 0) + row.title,
        style: output.style)
    }
  }
}
