extension String {
  /// The text without leading and trailing whitespace (Unicode-aware, no Foundation).
  public func trimmingWhitespace() -> String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text.removeFirst() }
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text)
  }
}
