extension String {
  /// The text of a run of Unicode scalars. The renderer scans TeX and prose as scalars
  /// (its syntax is ASCII, and scalars compare as integers where `Character`s compare
  /// as strings) and cuts its pieces out with this.
  init(scalars: ArraySlice<Unicode.Scalar>) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count)
    for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
    self.init(decoding: bytes, as: UTF8.self)
  }
}
