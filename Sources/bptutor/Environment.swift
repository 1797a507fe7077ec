import TutorLessons

#if canImport(Glibc)
  import Glibc
#endif

/// The process environment, one variable at a time. `getenv` reads a single entry;
/// `ProcessInfo.processInfo.environment` copies every variable into a dictionary first,
/// which a plain command paid for on each read (a quarter of a millisecond at start-up).
enum Environment {
  /// The value of the environment variable `name`, or nil when it is unset.
  static subscript(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  /// Where lesson summaries are cached between runs (`$XDG_CACHE_HOME`, else `~/.cache`).
  static var summaryCache: LessonSummaryCache? {
    var environment: [String: String] = [:]
    for name in ["XDG_CACHE_HOME", "HOME"] { environment[name] = self[name] }
    return LessonSummaryCache.standard(environment: environment)
  }
}
