import Foundation

/// Why progress could not be saved (or read for saving): the file at fault and a reason
/// a learner can act on. Callers say "could not save progress to PATH: \(error)" and
/// exit non-zero; nothing on disk was changed.
public struct ProgressError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// The file or folder at fault (`progress.json`, the lock, the temporary file, the folder).
  public var path: String
  /// What is wrong, naming `path` when it is not `progress.json` itself.
  public var reason: String

  public init(path: String, reason: String) {
    (self.path, self.reason) = (path, reason)
  }

  public var description: String { reason }
  public var errorDescription: String? { reason }
}
