import Foundation
import TutorProgress

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the menu and `list` show of a lesson file, without its steps' contents.
public struct LessonSummary: Codable, Equatable, Sendable {
  public var title: String
  public var summary: String
  public var stepIDs: [String]
  /// The skills its steps train, in first-seen order.
  public var skills: [String]
  /// Why the file cannot be loaded (its first error), or nil when it can.
  public var problem: String?

  public init(
    title: String, summary: String, stepIDs: [String], skills: [String], problem: String? = nil
  ) {
    (self.title, self.summary, self.stepIDs, self.skills, self.problem) = (
      title, summary, stepIDs, skills, problem
    )
  }

  /// The summary of the lesson file at `path`, loading it.
  public static func load(path: String) -> LessonSummary {
    let (lesson, diagnostics) = LessonLoader.load(path: path)
    guard let lesson else {
      let first = diagnostics.first { $0.severity == .error }?.message ?? "cannot be read"
      return LessonSummary(title: "", summary: "", stepIDs: [], skills: [], problem: first)
    }
    var skills: [String] = []
    for skill in lesson.steps.flatMap(\.skills) where !skills.contains(skill) {
      skills.append(skill)
    }
    return LessonSummary(
      title: lesson.title, summary: lesson.summary, stepIDs: lesson.steps.map(\.id),
      skills: skills)
  }
}

/// Lesson summaries and course outlines kept between runs in one small JSON file
/// (`lessons.json` under `$XDG_CACHE_HOME/bptutor`, else `~/.cache/bptutor`), each under its
/// file's path with the file's device, inode, size and modification time: `list` and the
/// menu load only the lessons, and the course file, that changed since. A cache file that is not this format (corrupt, foreign,
/// another version) is ignored and written anew; it is replaced atomically (a temporary
/// file renamed over it), so two bptutor processes never see half of one.
public struct LessonSummaryCache: Sendable {
  /// Names the format: a file with another is not read.
  static let format = "bptutor lesson summaries 2"
  /// A file modified less than this many seconds ago is loaded, not cached.
  static let settleSeconds = 2

  /// The cache file.
  public let path: String

  public init(path: String) { self.path = path }

  /// The cache in `$XDG_CACHE_HOME/bptutor/lessons.json`, else
  /// `$HOME/.cache/bptutor/lessons.json`; nil when neither is an absolute path.
  public static func standard(environment: [String: String]) -> LessonSummaryCache? {
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
      return LessonSummaryCache(path: cache + "/bptutor/lessons.json")
    }
    guard let home = environment["HOME"], home.hasPrefix("/"), home != "/" else { return nil }
    return LessonSummaryCache(path: home + "/.cache/bptutor/lessons.json")
  }

  struct Entry: Codable, Equatable {
    var file: DiskSignature
    var lesson: LessonSummary
  }

  struct CourseEntry: Codable, Equatable {
    var file: DiskSignature
    var outline: CourseOutline
  }

  struct Contents: Codable {
    var format: String
    var lessons: [String: Entry]
    var courses: [String: CourseEntry] = [:]
  }

  /// The outline of the course file at `course` (nil when `course` is nil or names no
  /// file) and the summary of each lesson file of `lessons`, in order. Each comes from the
  /// cache when its file is as it was; else the outline is read by `loadCourse`, and the
  /// summaries by `load` (all the misses at once, so they can load in parallel). The cache
  /// file is rewritten when anything was read or it could not be read.
  public func catalog(
    course: String?, lessons paths: [String],
    loadingCourse loadCourse: (String) -> CourseOutline = CourseOutline.load(path:),
    loading load: ([String]) -> [LessonSummary]
  ) -> (course: CourseOutline?, lessons: [LessonSummary]) {
    let cached = read()
    // The course file: cached, read now, or none.
    let courseSignature = course.flatMap(DiskSignature.of)
    var outline: CourseOutline?
    var courseLoaded = false
    if let course {
      if let courseSignature, let entry = cached?.courses[course], entry.file == courseSignature {
        outline = entry.outline
      } else if access(course, F_OK) == 0 {
        outline = loadCourse(course)
        courseLoaded = true
      }
    }
    // The lesson files.
    let signatures = paths.map(DiskSignature.of)
    var results: [LessonSummary?] = zip(paths, signatures).map { path, signature in
      guard let signature, let entry = cached?.lessons[path], entry.file == signature else {
        return nil
      }
      return entry.lesson
    }
    let missing = results.indices.filter { results[$0] == nil }
    guard !missing.isEmpty || courseLoaded || cached == nil else {
      return (outline, results.map { $0! })
    }
    let loaded = load(missing.map { paths[$0] })
    for (index, summary) in zip(missing, loaded) { results[index] = summary }
    var contents = cached ?? Contents(format: Self.format, lessons: [:])
    // A file that changed while it was read is stored at its signature before the read,
    // so the next run loads it again. One changed in the last seconds is not stored at
    // all: the clock behind modification times ticks in milliseconds, so a second edit of
    // the same size could keep the same time (git's "racily clean").
    let settled = Int(Date().timeIntervalSince1970) - Self.settleSeconds
    for (index, path) in paths.enumerated() {
      if let signature = signatures[index], signature.seconds < settled,
        let summary = results[index]
      {
        contents.lessons[path] = Entry(file: signature, lesson: summary)
      }
    }
    if let course, let courseSignature, courseSignature.seconds < settled, let outline {
      contents.courses[course] = CourseEntry(file: courseSignature, outline: outline)
    }
    // Forget files that are gone, so the cache does not grow with every folder ever used.
    contents.lessons = contents.lessons.filter { access($0.key, F_OK) == 0 }
    contents.courses = contents.courses.filter { access($0.key, F_OK) == 0 }
    write(contents)
    return (outline, results.map { $0! })
  }

  /// The cache file's contents, or nil when it is missing, not JSON or not this format.
  ///
  /// Read field by field with the progress file's JSON reader: Foundation's `JSONDecoder`
  /// took a fifth of the menu's start-up (its generic decoding looks up protocol
  /// conformances at run time).
  func read() -> Contents? {
    guard let (descriptor, _) = try? RegularFile.open(path, limit: 4_000_000) else { return nil }
    defer { close(descriptor) }
    let reader = JSONStreamReader(descriptor: descriptor, limit: 4_000_000)
    guard let contents = try? Self.contents(reader), contents.format == Self.format else {
      return nil
    }
    return contents
  }

  /// The contents `JSONEncoder` wrote (fields in any order, unknown ones skipped); nil
  /// when a field is missing or of another type.
  private static func contents(_ reader: JSONStreamReader) throws -> Contents? {
    var format: String?
    var lessons: [String: Entry]?
    var courses: [String: CourseEntry]?
    var valid = true
    try reader.readObject { (name) throws(JSONStreamReader.Failure) in
      switch name {
      case "format":
        guard try reader.nextIs(UInt8(ascii: "\"")) else { return valid = false }
        format = try reader.readString()
      case "lessons":
        guard try reader.nextIs(UInt8(ascii: "{")) else { return valid = false }
        var entries: [String: Entry] = [:]
        try reader.readObject { (path) throws(JSONStreamReader.Failure) in
          if let entry = try Self.entry(reader) { entries[path] = entry } else { valid = false }
        }
        lessons = entries
      case "courses":
        guard try reader.nextIs(UInt8(ascii: "{")) else { return valid = false }
        var entries: [String: CourseEntry] = [:]
        try reader.readObject { (path) throws(JSONStreamReader.Failure) in
          if let entry = Self.courseEntry(try reader.readValue()) {
            entries[path] = entry
          } else {
            valid = false
          }
        }
        courses = entries
      default: try reader.skipValue()
      }
    }
    try reader.readEnd()
    guard valid, let format, let lessons, let courses else { return nil }
    return Contents(format: format, lessons: lessons, courses: courses)
  }

  /// A course entry as `JSONEncoder` wrote it; nil when a field is missing or of another
  /// type.
  private static func courseEntry(_ value: ProgressJSON) -> CourseEntry? {
    guard case .object(let fields) = value, case .object(let file)? = fields["file"],
      case .object(let outline)? = fields["outline"],
      let device = file["device"]?.integer, let inode = file["inode"]?.integer,
      let size = file["size"]?.integer, let seconds = file["seconds"]?.integer,
      let nanoseconds = file["nanoseconds"]?.integer, device >= 0, inode >= 0,
      case .bool(let hasErrors)? = outline["hasErrors"],
      case .array(let sectionValues)? = outline["sections"]
    else { return nil }
    var sections: [CourseOutline.Section] = []
    for sectionValue in sectionValues {
      guard case .object(let section) = sectionValue,
        case .string(let title)? = section["title"],
        case .array(let lessonValues)? = section["lessons"]
      else { return nil }
      var lessons: [CourseOutline.Lesson] = []
      for lessonValue in lessonValues {
        guard case .object(let lesson) = lessonValue, case .string(let id)? = lesson["id"],
          let requires = lesson["requires"]?.strings
        else { return nil }
        lessons.append(CourseOutline.Lesson(id: id, requires: requires))
      }
      sections.append(CourseOutline.Section(title: title, lessons: lessons))
    }
    return CourseEntry(
      file: DiskSignature(
        device: UInt64(device), inode: UInt64(inode), size: Int64(size), seconds: seconds,
        nanoseconds: nanoseconds),
      outline: CourseOutline(sections: sections, hasErrors: hasErrors))
  }

  private static func entry(_ reader: JSONStreamReader) throws(JSONStreamReader.Failure) -> Entry? {
    guard try reader.nextIs(UInt8(ascii: "{")) else {
      try reader.skipValue()
      return nil
    }
    var numbers: [String: Int64] = [:]
    var strings: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var valid = true
    /// A string, or a list of strings, else not valid.
    func text(_ name: String) throws(JSONStreamReader.Failure) {
      switch try reader.peekKind() {
      case UInt8(ascii: "\""): strings[name] = try reader.readString()
      case UInt8(ascii: "["):
        var items: [String] = []
        try reader.readArray { () throws(JSONStreamReader.Failure) in
          if try reader.nextIs(UInt8(ascii: "\"")) {
            items.append(try reader.readString())
          } else {
            try reader.skipValue()
            valid = false
          }
        }
        lists[name] = items
      default:
        try reader.skipValue()
        valid = false
      }
    }
    var sawFile = false
    var sawLesson = false
    try reader.readObject { (name) throws(JSONStreamReader.Failure) in
      let isObject = try reader.nextIs(UInt8(ascii: "{"))
      switch name {
      case "file" where isObject:
        sawFile = true
        try reader.readObject { (field) throws(JSONStreamReader.Failure) in
          let kind = try reader.peekKind()
          guard kind == UInt8(ascii: "-") || (kind >= 0x30 && kind <= 0x39) else {
            try reader.skipValue()
            return valid = false
          }
          if let number = try reader.readInteger() {
            numbers[field] = number
          } else {
            valid = false
          }
        }
      case "lesson" where isObject:
        sawLesson = true
        try reader.readObject { (field) throws(JSONStreamReader.Failure) in
          if try reader.nextIs(UInt8(ascii: "n")) {
            try reader.skipValue()  // `problem: null`
          } else {
            try text(field)
          }
        }
      default:
        try reader.skipValue()
        valid = valid && name != "file" && name != "lesson"
      }
    }
    guard valid, sawFile, sawLesson, let device = numbers["device"],
      let inode = numbers["inode"], let size = numbers["size"], let seconds = numbers["seconds"],
      let nanoseconds = numbers["nanoseconds"], device >= 0, inode >= 0,
      let title = strings["title"], let summary = strings["summary"],
      let stepIDs = lists["stepIDs"], let skills = lists["skills"]
    else { return nil }
    return Entry(
      file: DiskSignature(
        device: UInt64(device), inode: UInt64(inode), size: size, seconds: Int(seconds),
        nanoseconds: Int(nanoseconds)),
      lesson: LessonSummary(
        title: title, summary: summary, stepIDs: stepIDs, skills: skills,
        problem: strings["problem"]))
  }

  /// Writes the cache atomically; a cache that cannot be written is simply not kept.
  func write(_ contents: Contents) {
    guard let data = try? JSONEncoder().encode(contents) else { return }
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let temporary = folder + "/.lessons.json.\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    let failure = data.withUnsafeBytes { RegularFile.writeAll(descriptor, $0) }
    close(descriptor)
    if failure != 0 || rename(temporary, path) != 0 { unlink(temporary) }
  }
}
