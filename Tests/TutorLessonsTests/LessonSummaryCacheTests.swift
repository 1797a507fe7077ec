import Foundation
import TestSupport
import Testing

@testable import TutorLessons

@Suite("Lesson summary cache")
struct LessonSummaryCacheTests {
  /// A lessons folder with two small lesson files (dated a minute ago, so they are cached)
  /// and a cache file beside it.
  static func folder() throws -> (lessons: [String], cache: LessonSummaryCache) {
    let directory = try TemporaryDirectory.make("bptutor-summaries")
    let lessons = ["relu-1-2-2-1", "sigmoid-chain"].map { id in
      Repository.lessons + "/" + id + ".yaml"
    }
    var copies: [String] = []
    for source in lessons {
      let copy = directory + "/" + (source as NSString).lastPathComponent
      try FileManager.default.copyItem(atPath: source, toPath: copy)
      try age(copy)
      copies.append(copy)
    }
    return (copies, LessonSummaryCache(path: directory + "/cache/lessons.json"))
  }

  /// Sets the file's modification time to a minute ago.
  static func age(_ path: String, seconds: Double = 60) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: path)
  }

  /// Summaries through the cache, and the paths that had to be loaded.
  static func summaries(_ cache: LessonSummaryCache, _ paths: [String]) -> (
    [LessonSummary], loaded: [String]
  ) {
    var loaded: [String] = []
    let summaries = cache.catalog(course: nil, lessons: paths) { missing in
      loaded += missing
      return missing.map(LessonSummary.load(path:))
    }.lessons
    return (summaries, loaded)
  }

  @Test("the second run loads no lesson: titles and steps come from the cache")
  func secondRunLoadsNothing() throws {
    let (lessons, cache) = try Self.folder()
    let (first, loadedFirst) = Self.summaries(cache, lessons)
    #expect(loadedFirst == lessons)
    #expect(first[0].stepIDs.count > 3)
    #expect(!first[0].title.isEmpty)
    let (second, loadedSecond) = Self.summaries(cache, lessons)
    #expect(loadedSecond.isEmpty)
    #expect(second == first)
  }

  @Test("a lesson whose size or modification time changed is loaded again, the others not")
  func changedFileIsReloaded() throws {
    let (lessons, cache) = try Self.folder()
    _ = Self.summaries(cache, lessons)
    // Same size, another time: loaded again.
    try Self.age(lessons[0], seconds: 120)
    #expect(Self.summaries(cache, lessons).loaded == [lessons[0]])
    // Another size and title.
    let text = try String(contentsOfFile: lessons[1], encoding: .utf8)
    let retitled = text.replacingOccurrences(
      of: "\ntitle: ", with: "\ntitle: Renamed — ", options: [], range: nil)
    #expect(retitled != text)
    try retitled.write(toFile: lessons[1], atomically: false, encoding: .utf8)
    try Self.age(lessons[1], seconds: 90)
    let (summaries, loaded) = Self.summaries(cache, lessons)
    #expect(loaded == [lessons[1]])
    #expect(summaries[1].title.hasPrefix("Renamed — "))
    #expect(Self.summaries(cache, lessons).loaded.isEmpty)
  }

  @Test("a file changed a moment ago is not cached (its time may not tell the next edit)")
  func freshFileIsNotCached() throws {
    let (lessons, cache) = try Self.folder()
    try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: lessons[0])
    _ = Self.summaries(cache, lessons)
    #expect(Self.summaries(cache, lessons).loaded == [lessons[0]])
  }

  @Test(
    "a corrupt or foreign cache file is ignored and written anew",
    arguments: ["{ not json", #"{"format": "someone else's", "lessons": {}}"#, ""])
  func corruptCache(contents: String) throws {
    let (lessons, cache) = try Self.folder()
    try FileManager.default.createDirectory(
      atPath: (cache.path as NSString).deletingLastPathComponent,
      withIntermediateDirectories: true)
    try contents.write(toFile: cache.path, atomically: false, encoding: .utf8)
    let (summaries, loaded) = Self.summaries(cache, lessons)
    #expect(loaded == lessons)
    #expect(summaries == lessons.map(LessonSummary.load(path:)))
    #expect(cache.read()?.lessons.count == 2, "rewritten in this format")
    #expect(Self.summaries(cache, lessons).loaded.isEmpty)
  }

  @Test("a lesson with errors is cached with its problem")
  func brokenLesson() throws {
    let (lessons, cache) = try Self.folder()
    try "id: broken\ntitle: [\n".write(toFile: lessons[0], atomically: false, encoding: .utf8)
    try Self.age(lessons[0])
    let first = Self.summaries(cache, lessons).0
    #expect(first[0].problem != nil)
    let (second, loaded) = Self.summaries(cache, lessons)
    #expect(loaded.isEmpty)
    #expect(second[0].problem == first[0].problem)
  }

  /// The folder of ``folder()`` with a copy of the repository's course file in it.
  static func folderWithCourse() throws -> (
    lessons: [String], course: String, cache: LessonSummaryCache
  ) {
    let (lessons, cache) = try Self.folder()
    let course = (lessons[0] as NSString).deletingLastPathComponent + "/" + Course.fileName
    try FileManager.default.copyItem(
      atPath: Repository.lessons + "/" + Course.fileName, toPath: course)
    try Self.age(course)
    return (lessons, course, cache)
  }

  /// The course outline and summaries through the cache, and the course files parsed.
  static func catalog(_ cache: LessonSummaryCache, course: String, _ paths: [String]) -> (
    course: CourseOutline?, lessons: [LessonSummary], parsed: [String]
  ) {
    var parsed: [String] = []
    let (outline, summaries) = cache.catalog(
      course: course, lessons: paths,
      loadingCourse: { path in
        parsed.append(path)
        return CourseOutline.load(path: path)
      },
      loading: { $0.map(LessonSummary.load(path:)) })
    return (outline, summaries, parsed)
  }

  @Test("the course file is parsed once: the next runs take its outline from the cache")
  func courseIsCached() throws {
    let (lessons, course, cache) = try Self.folderWithCourse()
    let parsedOutline = try #require(CourseLoader.load(path: course).course).outline
    #expect(parsedOutline.sections.count > 2)
    let first = Self.catalog(cache, course: course, lessons)
    #expect(first.parsed == [course])
    #expect(first.course == parsedOutline)
    let second = Self.catalog(cache, course: course, lessons)
    #expect(second.parsed.isEmpty)
    #expect(second.course == parsedOutline, "every section, lesson and prerequisite kept")
    #expect(second.lessons == first.lessons)
  }

  @Test("a changed course file is parsed again; one with errors is cached as having errors")
  func changedCourseIsReparsed() throws {
    let (lessons, course, cache) = try Self.folderWithCourse()
    _ = Self.catalog(cache, course: course, lessons)
    try "version: 1\nsections: [\n".write(toFile: course, atomically: false, encoding: .utf8)
    try Self.age(course, seconds: 30)
    let broken = Self.catalog(cache, course: course, lessons)
    #expect(broken.parsed == [course])
    #expect(broken.course == .unreadable)
    let again = Self.catalog(cache, course: course, lessons)
    #expect(again.parsed.isEmpty)
    #expect(again.course?.hasErrors == true)
    // Mended: parsed again, and arranged.
    try """
    version: 1
    sections:
      - title: Only
        lessons:
          - sigmoid-chain
          - id: relu-1-2-2-1
            requires: [sigmoid-chain]
    """.write(toFile: course, atomically: false, encoding: .utf8)
    try Self.age(course, seconds: 20)
    let mended = Self.catalog(cache, course: course, lessons)
    #expect(mended.parsed == [course])
    #expect(
      mended.course?.arrange(["relu-1-2-2-1", "sigmoid-chain"]) == [
        Course.Placement(id: "sigmoid-chain", section: "Only"),
        Course.Placement(id: "relu-1-2-2-1", section: "Only", prerequisites: ["sigmoid-chain"]),
      ])
  }

  @Test("no course file: no outline, nothing parsed")
  func noCourse() throws {
    let (lessons, cache) = try Self.folder()
    let course = (lessons[0] as NSString).deletingLastPathComponent + "/" + Course.fileName
    let result = Self.catalog(cache, course: course, lessons)
    #expect(result.course == nil)
    #expect(result.parsed.isEmpty)
  }

  @Test("a cache file of the previous format is ignored and written anew")
  func previousFormat() throws {
    let (lessons, course, cache) = try Self.folderWithCourse()
    try FileManager.default.createDirectory(
      atPath: (cache.path as NSString).deletingLastPathComponent,
      withIntermediateDirectories: true)
    try #"{"format": "bptutor lesson summaries 1", "lessons": {}}"#.write(
      toFile: cache.path, atomically: false, encoding: .utf8)
    #expect(Self.catalog(cache, course: course, lessons).parsed == [course])
    #expect(cache.read()?.courses.count == 1)
    #expect(Self.catalog(cache, course: course, lessons).parsed.isEmpty)
  }

  @Test("the cache lives under XDG_CACHE_HOME, else ~/.cache")
  func location() {
    #expect(
      LessonSummaryCache.standard(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.path
        == "/c/bptutor/lessons.json")
    #expect(
      LessonSummaryCache.standard(environment: ["HOME": "/h"])?.path
        == "/h/.cache/bptutor/lessons.json")
    #expect(LessonSummaryCache.standard(environment: ["HOME": "relative"]) == nil)
  }
}
