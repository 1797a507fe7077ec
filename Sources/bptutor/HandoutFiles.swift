import ArgumentParser
import TutorLessons

/// `--output FILE`, `--worksheet` and `--key`: which documents `export` writes, and where.
struct HandoutFiles: ParsableArguments {
  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "Write the handout to this file instead of standard output (a device or FIFO is "
        + "written in place; an existing file is replaced, and you are told).",
      valueName: "FILE"))
  var file: String?

  @Flag(help: "Write a worksheet: the questions with room to work, no answers.")
  var worksheet = false

  @Flag(help: "Write the worksheet's answer key (with --worksheet: beside it, as FILE-key).")
  var key = false

  func validate() throws {
    if worksheet && key && file == nil {
      throw ValidationError(
        "--worksheet with --key writes two files: give --output FILE (the key goes to "
          + "FILE-key), or write each with its own command")
    }
  }

  /// The documents for `bound` in `format`, each with its file (nil: standard output): the
  /// handout, or the worksheet, its key or both (the key beside the worksheet's file).
  func documents(_ bound: BoundLesson, _ format: Handout.Format) throws(LessonErrors)
    -> [(text: String, file: String?)]
  {
    guard worksheet || key else { return [(try Handout(bound).document(format), file)] }
    let sheet = try Worksheet(bound)
    var documents: [(text: String, file: String?)] = []
    if worksheet { documents.append((sheet.document(format, .questions), file)) }
    if key {
      documents.append((sheet.document(format, .key), worksheet ? file.map(Self.keyFile) : file))
    }
    return documents
  }

  /// `sheet.tex` → `sheet-key.tex`; `sheet` → `sheet-key`.
  static func keyFile(_ file: String) -> String {
    let name = file.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return file + "-key" }
    let extensionLength = name.distance(from: dot, to: name.endIndex)
    return String(file.dropLast(extensionLength)) + "-key" + String(name[dot...])
  }
}
