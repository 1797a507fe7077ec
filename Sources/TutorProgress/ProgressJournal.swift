import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `progress.journal` beside `progress.json`: what saves changed since the snapshot was last
/// written, one record a line, so a save appends a few hundred bytes instead of writing the
/// whole file again (SQLite's write-ahead log, in miniature).
///
/// A record is progress in the format of `progress.json`, on one line, holding only what
/// one save changed: the lesson entries it touched (their attempt and exam logs only the
/// new events) and the skill estimates it touched. The progress is the snapshot merged
/// with every record in order (``LearnerProgress/merged(with:)``, union-like): merging a
/// record twice changes nothing, so a journal already folded into the snapshot, merged
/// again after a kill between the two steps of compaction, costs nothing. A record is only
/// written when merging it gives exactly the progress the save made (a change that takes
/// something away, such as a reset, rewrites the snapshot instead).
///
/// Each record is appended with one `write(2)` and flushed with `fsync`; a last line cut
/// short (the process killed mid-write, the disk full) or a line that does not read costs
/// that record only, with a warning. The journal is opened with `O_NOFOLLOW`, so a planted
/// symbolic link is refused rather than written through. bptutor versions before the
/// journal read only `progress.json`: they miss what the journal holds until it is
/// compacted (every tutor compacts it when it quits).
struct ProgressJournal {
  /// Past this size a save compacts: the snapshot is written again and the journal removed.
  static let compactionSize = 256_000
  /// A record larger than this is not appended; the save writes the snapshot instead.
  static let recordLimit = 64_000
  /// The largest journal read: twice what bptutor ever leaves, so a larger one is not
  /// bptutor's and is left as it is (as a `progress.json` over its cap).
  static let maxSize = 1_000_000

  let path: String

  /// What was read: one line per record that could not be read, and the journal's size.
  struct Reading {
    var problems: [String] = []
    var size = 0
  }

  // MARK: - Records

  /// The record that takes `disk` to `progress` (the entries that differ, their logs only
  /// the new events), or nil when merging it would not give `progress` exactly: the
  /// change took something away, or changed what records do not carry.
  static func record(from disk: LearnerProgress, to progress: LearnerProgress)
    -> LearnerProgress?
  {
    var record = LearnerProgress()
    record.generation = progress.generation
    for (id, entry) in progress.lessons {
      let before = disk.lessons[id]
      guard before != entry else { continue }
      var change = entry
      if let before {
        change.attempts = Self.added(to: before.attempts, in: entry.attempts)
        change.exams = Self.added(to: before.exams, in: entry.exams)
      }
      record.lessons[id] = change
    }
    for (id, estimate) in progress.skills where disk.skills[id] != estimate {
      record.skills[id] = estimate
    }
    guard disk.merged(with: record) == progress else { return nil }
    return record
  }

  /// The events of `log` that `old` does not hold: those after `old`'s last event when
  /// `log` holds it (events are appended), else every one not in `old`.
  static func added<Record: Hashable>(to old: [Record], in log: [Record]) -> [Record] {
    guard let last = old.last else { return log }
    if let index = log.lastIndex(of: last) { return Array(log[(index + 1)...]) }
    let known = Set(old)
    return log.filter { !known.contains($0) }
  }

  /// The record as one line of compact JSON, newline included; nil when it is larger than
  /// ``recordLimit``.
  static func line(of record: LearnerProgress) -> [UInt8]? {
    let writer = JSONStreamWriter(lineLimit: recordLimit)
    do {
      try record.write(to: writer)
    } catch {
      return nil
    }
    return writer.line
  }

  /// The record of one line (without its newline), or nil when it is not progress. Parts
  /// set aside in the snapshot (a card that does not read) are set aside in the record
  /// too, and kept: they were reported where they are, in `progress.json`.
  static func record(of line: [UInt8]) -> LearnerProgress? {
    let reader = JSONStreamReader(bytes: line)
    guard let (record, _) = try? LearnerProgress.read(from: reader) else { return nil }
    return record
  }

  // MARK: - Reading

  /// Merges every record onto `progress`, in order, a line at a time (the journal is never
  /// held whole). A missing journal is none; one that cannot be read (a symbolic link, a
  /// folder, larger than ``maxSize``) throws.
  func read(onto progress: inout LearnerProgress) throws(ProgressError) -> Reading {
    var reading = Reading()
    let descriptor: Int32
    do throws(RegularFile.Failure) {
      (descriptor, reading.size) = try RegularFile.open(path, limit: Self.maxSize, following: false)
    } catch {
      if error.isMissing { return reading }
      throw unusable(error)
    }
    defer { close(descriptor) }
    var line: [UInt8] = []
    var number = 0
    var total = 0
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes {
        RegularFile.systemRead(descriptor, $0.baseAddress, $0.count)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw unusable(.system(code: errno))
      }
      if count == 0 { break }
      total += count
      if total > Self.maxSize { throw unusable(.tooLarge(limit: Self.maxSize)) }
      var start = 0
      for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
        line += chunk[start..<index]
        start = index + 1
        number += 1
        if let record = Self.record(of: line) {
          progress = progress.merged(with: record)
        } else {
          reading.problems.append(
            "\(path): record \(number) cannot be read; what that save changed is left out")
        }
        line.removeAll(keepingCapacity: true)
      }
      line += chunk[start..<count]
    }
    if line.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
      reading.problems.append(
        "\(path): the last record is cut short (bptutor was stopped while saving); "
          + "what that save changed is left out")
    }
    reading.size = total
    return reading
  }

  private func unusable(_ failure: RegularFile.Failure) -> ProgressError {
    if failure == .system(code: ELOOP) {
      return ProgressError(
        path: path, reason: "\(path) is a symbolic link; bptutor never follows one for its journal")
    }
    let size = RegularFile.size(Self.compactionSize + Self.recordLimit)
    return ProgressError(
      path: path,
      reason: failure.reason(
        path: path,
        overTheLimit: "bptutor's journal never grows past \(size), so it is left as it is "
          + "(move it away to save again)"))
  }

  // MARK: - Writing

  /// Appends `line` with one `write(2)`, flushed to disk; returns the journal's signature
  /// after it. On failure the journal is cut back to its length before.
  func append(_ line: [UInt8]) throws(ProgressError) -> DiskSignature {
    let (descriptor, before) = try RegularFile.openOwn(
      path, flags: O_WRONLY | O_APPEND, role: "journal")
    defer { close(descriptor) }
    var status = stat()
    var failure = line.withUnsafeBytes { RegularFile.writeAll(descriptor, $0) }
    if failure == 0, fsync(descriptor) != 0 { failure = errno }
    if failure == 0, fstat(descriptor, &status) != 0 { failure = errno }
    guard failure == 0 else {
      _ = ftruncate(descriptor, off_t(before))
      throw ProgressError(
        path: path, reason: "cannot write \(path): \(RegularFile.reason(failure))")
    }
    return DiskSignature(status)
  }

  /// Removes the journal (its records are in the snapshot).
  func remove() {
    unlink(path)
  }

  /// Whether there is anything at the journal's path (a symbolic link included).
  var exists: Bool {
    var status = stat()
    return lstat(path, &status) == 0
  }
}
