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
}
