import CNcursesw
import Foundation
import TerminalText
import TutorCore

/// The only code that touches ncurses: it reads keys, turns them into messages for the
/// ``TutorDriver``, and draws the cells of each new ``ScreenBuffer`` that changed since
/// the last frame. The terminal is restored on every way out: `q`, Esc, Ctrl-C,
/// SIGINT, SIGTERM, SIGHUP, SIGQUIT and errors. Idle means blocked in `get_wch` (no busy
/// loop; it wakes once a minute to tell the tutor the time). Input already waiting (a
/// paste, a held key) is applied in one batch and drawn once; a bracketed paste arrives as
/// one ``Msg/paste(_:)``. Time enters as ``Msg/clock(now:)``, before each batch of input
/// and on each wake.
public enum Terminal {
  /// How a full-screen run ended.
  public struct Outcome: Sendable {
    /// Warnings to print afterwards (failed saves).
    public var warnings: [String]
    /// The signal that ended the run (SIGINT, SIGTERM, SIGHUP, SIGQUIT), if one did: the
    /// program should exit with 128 + its number.
    public var signal: Int32?
  }

  /// Why the terminal in `TERM` cannot run the full-screen tutor, or nil when it can.
  /// Asked before `initscr`, which would end the program on an unknown terminal.
  public static func problem() -> String? {
    let name = ProcessInfo.processInfo.environment["TERM"] ?? ""
    switch bp_terminal_problem() {
    case 0: return nil
    case 1: return "TERM is not set"
    case 2: return "the terminal TERM=\(name) is unknown here"
    default: return "the terminal TERM=\(name) cannot move the cursor"
    }
  }

  /// The longest a batch of pending input is applied before the screen is drawn again.
  static let batchSeconds = 0.1
  /// Silence that ends a paste whose end marker never came, in milliseconds.
  static let pasteTimeout: Int32 = 500
  /// While idle, the tutor is told the time this often, in milliseconds (so the menu's
  /// due count follows the clock in a long session).
  static let clockInterval = 60_000

  /// Runs the tutor full-screen until it quits or a signal ends it.
  public static func run(_ driver: inout TutorDriver, colors: Bool) -> Outcome {
    setlocale(LC_ALL, "")
    bp_install_signal_handlers()
    guard initscr() != nil else {
      return Outcome(warnings: ["cannot initialise the terminal"], signal: nil)
    }
    bp_install_crash_handlers()
    defer {
      bp_bracketed_paste(0)
      endwin()
      bp_remove_crash_handlers()
    }
    raw()  // Ctrl-C, Ctrl-Z, Ctrl-R reach us as keys
    noecho()
    nonl()
    keypad(bp_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    bp_define_paste_keys()
    bp_bracketed_paste(1)
    let hasColors = colors && has_colors()
    if hasColors {
      start_color()
      use_default_colors()
      init_pair(1, Int16(COLOR_GREEN), -1)
      init_pair(2, Int16(COLOR_YELLOW), -1)
      init_pair(3, Int16(COLOR_RED), -1)
      init_pair(4, Int16(COLOR_CYAN), -1)
    }

    var screen = Screen(size: currentSize())
    driver.send(.resize(width: screen.size.width, height: screen.size.height))
    while !driver.quitRequested, bp_pending_signal() == 0 {
      let frame = TutorApp.view(driver.state, width: screen.size.width, height: screen.size.height)
      draw(frame, since: screen.previous, colors: hasColors)
      screen.previous = frame
      refresh()
      // The key's saves start now, and the tutor works ahead while the learner reads.
      driver.frameDrawn()

      // Block for the first key (or the replay timer), then take whatever else is already
      // waiting without blocking, so a 100 KB paste costs one frame, not 100,000.
      // While a save runs behind the keys, wake soon to show how it went.
      let saving = driver.isSaving
      timeout(Int32(saving ? TutorDriver.savePollMilliseconds : driver.timer ?? clockInterval))
      var character: wint_t = 0
      var result = bp_get_wch(&character)
      if result == ERR, saving {
        driver.takeSavesNow()
        continue
      }
      driver.send(.clock(now: Date().timeIntervalSince1970))
      if result == ERR {
        if bp_pending_signal() == 0, driver.timer != nil { driver.send(.tick) }
        continue
      }
      let batchEnd = Date().addingTimeInterval(batchSeconds)
      while result != ERR, bp_pending_signal() == 0 {
        handle(result: result, character: character, driver: &driver, screen: &screen)
        if driver.quitRequested || Date() > batchEnd { break }
        timeout(0)
        result = bp_get_wch(&character)
      }
    }
    // Saves run behind the keys; whatever is still being written lands before the exit.
    driver.finishSaving()
    let signal = bp_pending_signal()
    return Outcome(warnings: driver.warnings, signal: signal == 0 ? nil : signal)
  }

  /// What the loop keeps between frames.
  struct Screen {
    var size: (width: Int, height: Int)
    /// The last frame drawn; nil redraws everything.
    var previous: ScreenBuffer?
  }

  /// Applies one input from `get_wch`: a resize, a paste, Ctrl-Z, Ctrl-L or a key.
  static func handle(
    result: Int32, character: wint_t, driver: inout TutorDriver, screen: inout Screen
  ) {
    let code = Int32(character)
    if result == bp_key_code_yes() {
      if code == bp_key_resize() {
        screen.size = currentSize()
        screen.previous = nil
        clear()
        driver.send(.resize(width: screen.size.width, height: screen.size.height))
        return
      }
      if code == bp_key_paste_start() {
        driver.send(.paste(readPaste()))
        return
      }
      if code == KEY_MOUSE {
        // The terminal description's mouse prefix (`ESC [ M` or `ESC [ <`), and mouse
        // reporting is off here: read the report to its end and drop it.
        dropMouseReport()
        return
      }
    }
    if result != bp_key_code_yes(), code == 27 {
      switch EscapeSequence.read(nextScalar) {
      case .key(let key): apply(key, driver: &driver, screen: &screen)
      case .escape: driver.press(.escape)
      case .escapeThen(let control):
        driver.press(.escape)
        if let key = decode(result: OK, character: wint_t(control)) {
          apply(key, driver: &driver, screen: &screen)
        }
      case .pasteStart: driver.send(.paste(readPaste()))
      case .pasteEnd, .ignored: break
      }
      return
    }
    guard let key = decode(result: result, character: character) else { return }
    apply(key, driver: &driver, screen: &screen)
  }

  /// The rest of a mouse report after its prefix: an SGR report's parameters up to `M` or
  /// `m`, or an X10 report's three bytes.
  static func dropMouseReport() {
    guard let first = nextScalar(EscapeSequence.sequenceWait) else { return }
    if (0x30...0x3F).contains(first) {
      for _ in 0..<EscapeSequence.maxLength {
        guard let byte = nextScalar(EscapeSequence.sequenceWait),
          (0x30...0x3F).contains(byte)
        else { return }
      }
    } else {
      for _ in 0..<2 { _ = nextScalar(EscapeSequence.sequenceWait) }
    }
  }

  /// The next input scalar within `milliseconds`, for ``EscapeSequence``; nil on silence
  /// or when ncurses decoded a key of its own.
  static func nextScalar(_ milliseconds: Int32) -> UInt32? {
    timeout(milliseconds)
    var character: wint_t = 0
    let result = bp_get_wch(&character)
    guard result != ERR, result != bp_key_code_yes() else { return nil }
    return UInt32(character)
  }

  /// Applies a decoded key: Ctrl-Z suspends, Ctrl-L redraws, the rest go to the driver.
  static func apply(_ key: Key, driver: inout TutorDriver, screen: inout Screen) {
    if key == .control("z") {
      suspend()
      screen.size = currentSize()
      screen.previous = nil
      return
    }
    if key == .control("l") {
      screen.previous = nil
      clear()
      return
    }
    driver.press(key)
  }

  /// The text of a bracketed paste, read up to its end marker (or half a second of
  /// silence). At most one character more than the answer line holds is kept, so the
  /// line can say it was cut; the rest is read and dropped, never stored.
  static func readPaste() -> String {
    var text = String.UnicodeScalarView()
    var kept = 0
    timeout(pasteTimeout)
    while bp_pending_signal() == 0 {
      var character: wint_t = 0
      let result = bp_get_wch(&character)
      if result == ERR { break }
      if result == bp_key_code_yes() {
        if Int32(character) == bp_key_paste_end() { break }
        continue  // a function key inside a paste is not a command
      }
      if character == 27 {
        // The end marker may come split across reads, as bytes; other sequences in a
        // paste are dropped.
        let sequence = EscapeSequence.read(nextScalar)
        timeout(pasteTimeout)
        if sequence == .pasteEnd { break }
        continue
      }
      guard kept <= LineEditor.maxLength, let scalar = Unicode.Scalar(UInt32(character)) else {
        continue
      }
      text.append(scalar)
      kept += 1
    }
    return String(text)
  }

  static func currentSize() -> (width: Int, height: Int) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    bp_getmaxyx(&rows, &columns)
    return (Int(columns), Int(rows))
  }

  /// Ctrl-Z: give the terminal back, stop, and redraw everything on `fg`.
  static func suspend() {
    bp_bracketed_paste(0)
    endwin()
    signal(SIGTSTP, SIG_DFL)
    kill(getpid(), SIGTSTP)
    // Continued.
    refresh()
    clear()
    bp_bracketed_paste(1)
  }

  /// Maps what `get_wch` returned to a ``Key``.
  static func decode(result: Int32, character: wint_t) -> Key? {
    let code = Int32(character)
    if result == bp_key_code_yes() {
      switch code {
      case KEY_LEFT: return .left
      case KEY_RIGHT: return .right
      case KEY_UP: return .up
      case KEY_DOWN: return .down
      case KEY_HOME: return .home
      case KEY_END: return .end
      case KEY_PPAGE: return .pageUp
      case KEY_NPAGE: return .pageDown
      case KEY_BACKSPACE: return .backspace
      case KEY_DC: return .delete
      case KEY_ENTER: return .enter
      case KEY_BTAB: return .tab
      // What some terminal descriptions call Home and End (`ESC [ 1 ~` is "find" in
      // xterm's), the keypad's corners, and the shifted forms.
      case KEY_FIND, KEY_A1, KEY_SHOME: return .home
      case KEY_SELECT, KEY_C1, KEY_SEND: return .end
      case KEY_A3: return .pageUp
      case KEY_C3: return .pageDown
      case KEY_SLEFT: return .left
      case KEY_SRIGHT: return .right
      case KEY_SR: return .up
      case KEY_SF: return .down
      case KEY_SDC: return .delete
      default:
        for n in 1...63 where code == bp_key_f(Int32(n)) { return .function(n) }
        return modifiedKey(code)
      }
    }
    switch code {
    case 9: return .tab
    case 10, 13: return .enter
    case 8, 127: return .backspace
    case 27: return .escape
    case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + code))))
    case 0..<32: return nil
    default:
      guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
      return .character(Character(scalar))
    }
  }

  /// A key the terminal description defines beyond curses' names, by its capability
  /// name: `kLFT5` (Ctrl-Left) is Left, `kHOM3` Home, `kDC5` Delete.
  static func modifiedKey(_ code: Int32) -> Key? {
    guard let pointer = keyname(code) else { return nil }
    let name = String(cString: pointer)
    let prefixes: [(String, Key)] = [
      ("kLFT", .left), ("kRIT", .right), ("kUP", .up), ("kDN", .down), ("kHOM", .home),
      ("kEND", .end), ("kDC", .delete), ("kPRV", .pageUp), ("kNXT", .pageDown),
    ]
    for (prefix, key) in prefixes
    where name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber) {
      return key
    }
    return nil
  }

  /// Draws the runs of cells that changed.
  static func draw(_ frame: ScreenBuffer, since previous: ScreenBuffer?, colors: Bool) {
    for run in frame.changes(since: previous) {
      // One call per stretch of one style (a reveal redraws hundreds of cells): ncurses
      // advances two columns for a wide character, so continuation cells are skipped.
      var column = run.column
      var start = run.column
      var text = ""
      var style: CellStyle?
      func flush() {
        guard let current = style, !text.isEmpty else { return }
        attrset(Int32(bitPattern: attributes(current, colors: colors)))
        _ = mvaddstr(Int32(run.row), Int32(start), text)
      }
      for cell in run.cells {
        defer { column += 1 }
        if cell.isContinuation { continue }
        // Only ASCII characters, one cell wide on every terminal, are joined; any other is
        // placed at its own column, so a terminal that counts its width otherwise shifts
        // nothing after it.
        let joins = cell.text.utf8.count == 1
        if cell.style != style || !joins {
          flush()
          (start, text, style) = (column, "", cell.style)
        }
        text += cell.text
        if !joins {
          flush()
          (text, style) = ("", nil)
        }
      }
      flush()
    }
    attrset(0)
  }

  /// The ncurses attributes of a cell's style.
  static func attributes(_ style: CellStyle, colors: Bool) -> attr_t {
    var attributes: attr_t = 0
    if style.bold { attributes |= bp_a_bold() }
    if style.reverse { attributes |= bp_a_reverse() }
    if colors {
      switch style.color {
      case .green: attributes |= bp_color_pair(1)
      case .yellow: attributes |= bp_color_pair(2)
      case .red: attributes |= bp_color_pair(3)
      case .cyan: attributes |= bp_color_pair(4)
      case .dim: attributes |= bp_a_dim()
      case .normal: break
      }
    }
    return attributes
  }

}
