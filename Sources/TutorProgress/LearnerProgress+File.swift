/// `progress.json` read and written a lesson entry at a time: neither the file's bytes nor
/// a tree of the whole file is ever in memory, only one lesson's entry while it is read or
/// written (a 2.8 MB file read through Foundation's `JSONDecoder` took 25 MB and 250 ms).
/// The text is what `JSONEncoder` with `[.prettyPrinted, .sortedKeys]` wrote before, so
/// files of either version read in the other.
extension LearnerProgress {
  /// Progress read from `reader`, with one line per entry that could not be read (as
  /// ``read(_:)``); nil when it is JSON but not progress. Throws when it is not JSON.
  static func read(from reader: JSONStreamReader) throws(JSONStreamReader.Failure) -> (
    progress: LearnerProgress, problems: [String]
  )? {
    guard try reader.nextIs(UInt8(ascii: "{")) else {
      _ = try reader.readValue()
      try reader.readEnd()
      return nil
    }
    var progress = LearnerProgress()
    var problems: [String] = []
    var fields: [String: ProgressJSON] = [:]
    var lessonsReadable = true
    try reader.readObject { (name) throws(JSONStreamReader.Failure) in
      guard name == "lessons" else {
        fields[name] = try reader.readValue()
        return
      }
      guard try reader.nextIs(UInt8(ascii: "{")) else {
        _ = try reader.readValue()
        lessonsReadable = false
        return
      }
      // One entry at a time: its tree is dropped once it is read.
      try reader.readObject { (id) throws(JSONStreamReader.Failure) in
        progress.readLesson(id, try reader.readValue(), problems: &problems)
      }
    }
    try reader.readEnd()
    guard lessonsReadable, progress.readFields(fields, problems: &problems) else { return nil }
    return (progress, problems.sorted())
  }

  /// Writes the progress as ``encode(to:)`` does, sorted and pretty-printed, one lesson's
  /// entry at a time.
  func write(to writer: JSONStreamWriter) throws(JSONStreamWriter.Failure) {
    var fields = topLevelJSON
    fields["lessons"] = nil
    writer.beginObject()
    for name in (Array(fields.keys) + ["lessons"]).sorted() {
      guard name == "lessons" else {
        try writer.value(fields[name]!, named: name)
        continue
      }
      writer.beginObject(name)
      for id in lessonIDs {
        if let entry = lessons[id] {
          try entry.write(named: id, to: writer)
        } else {
          try writer.value(unreadableLessons[id] ?? .null, named: id)
        }
      }
      try writer.endObject()
    }
    try writer.endObject()
    try writer.finish()
  }
}

extension LearnerProgress.LessonProgress {
  /// Writes the entry as ``json`` reads, its attempt log (the bulk of a large file) record
  /// by record without building a tree of it.
  func write(named name: String, to writer: JSONStreamWriter) throws(JSONStreamWriter.Failure) {
    let fields = fields(withAttempts: false)
    writer.beginObject(name)
    let names = attempts.isEmpty ? Array(fields.keys) : Array(fields.keys) + ["attempts"]
    for key in names.sorted() {
      guard key == "attempts", fields[key] == nil else {
        try writer.value(fields[key]!, named: key)
        continue
      }
      writer.beginArray(key)
      for record in attempts {
        // The keys sorted, as ``AttemptRecord/json`` is written.
        writer.beginObject()
        try writer.value(.string(record.outcome.rawValue), named: "outcome")
        try writer.value(.string(record.step), named: "step")
        try writer.value(.number(record.time), named: "time")
        try writer.value(.number(Double(record.variant)), named: "variant")
        try writer.endObject()
      }
      try writer.endArray()
    }
    try writer.endObject()
  }
}
