import CNcursesw
import Foundation
import TutorCore

/// The only code that touches ncurses: it reads keys, turns them into messages for the
/// ``TutorDriver``, and draws the cells of each new ``ScreenBuffer`` that changed since
/// the last frame. The terminal is restored on every way out: `q`, Esc, Ctrl-C,
/// SIGTERM, SIGHUP and errors. Idle means blocked in `get_wch` (no busy loop).
public enum Terminal {
  /// Runs the tutor full-screen until it quits; returns warnings to print afterwards.
  public static func run(_ driver: inout TutorDriver, colors: Bool) -> [String] {
    setlocale(LC_ALL, "")
    bp_install_signal_handlers()
    guard initscr() != nil else { return ["cannot initialise the terminal"] }
    bp_install_crash_handlers()
    defer {
      endwin()
      bp_remove_crash_handlers()
    }
    raw()  // Ctrl-C, Ctrl-Z, Ctrl-R reach us as keys
    noecho()
    nonl()
    keypad(bp_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    let hasColors = colors && has_colors()
    if hasColors {
      start_color()
      use_default_colors()
      init_pair(1, Int16(COLOR_GREEN), -1)
      init_pair(2, Int16(COLOR_YELLOW), -1)
      init_pair(3, Int16(COLOR_RED), -1)
      init_pair(4, Int16(COLOR_CYAN), -1)
    }

    var previous: ScreenBuffer?
    var size = currentSize()
    driver.send(.resize(width: size.width, height: size.height))
    while !driver.quitRequested {
      let frame = TutorApp.view(driver.state, width: size.width, height: size.height)
      draw(frame, since: previous, colors: hasColors)
      previous = frame
      refresh()

      timeout(Int32(driver.timer ?? -1))
      var character: wint_t = 0
      let result = bp_get_wch(&character)
      if bp_pending_signal() != 0 { break }
      if result == ERR {
        if driver.timer != nil { driver.send(.tick) }
        continue
      }
      if result == bp_key_code_yes(), Int32(character) == bp_key_resize() {
        size = currentSize()
        previous = nil
        clear()
        driver.send(.resize(width: size.width, height: size.height))
        continue
      }
      guard let key = decode(result: result, character: character) else { continue }
      if key == .control("z") {
        suspend()
        size = currentSize()
        previous = nil
        continue
      }
      if key == .control("l") {
        previous = nil
        clear()
        continue
      }
      driver.press(key)
    }
    return driver.warnings
  }

  static func currentSize() -> (width: Int, height: Int) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    bp_getmaxyx(&rows, &columns)
    return (Int(columns), Int(rows))
  }

  /// Ctrl-Z: give the terminal back, stop, and redraw everything on `fg`.
  static func suspend() {
    endwin()
    signal(SIGTSTP, SIG_DFL)
    kill(getpid(), SIGTSTP)
    // Continued.
    refresh()
    clear()
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
      default:
        for n in 1...12 where code == bp_key_f(Int32(n)) { return .function(n) }
        return nil
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

  /// Draws the runs of cells that changed.
  static func draw(_ frame: ScreenBuffer, since previous: ScreenBuffer?, colors: Bool) {
    for run in frame.changes(since: previous) {
      var column = run.column
      for cell in run.cells {
        if cell.isContinuation {
          column += 1
          continue
        }
        var attributes: attr_t = 0
        if cell.style.bold { attributes |= bp_a_bold() }
        if cell.style.reverse { attributes |= bp_a_reverse() }
        if colors {
          switch cell.style.color {
          case .green: attributes |= bp_color_pair(1)
          case .yellow: attributes |= bp_color_pair(2)
          case .red: attributes |= bp_color_pair(3)
          case .cyan: attributes |= bp_color_pair(4)
          case .dim: attributes |= bp_a_dim()
          case .normal: break
          }
        }
        attrset(Int32(bitPattern: attributes))
        _ = mvaddstr(Int32(run.row), Int32(column), cell.text)
        column += 1
      }
    }
    attrset(0)
  }
}
