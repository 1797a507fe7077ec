extension Expr {
  /// Every version of this expression with exactly one node replaced by one of its
  /// catalogued slips (``WrongRules``), with the slip. `grad` and `jacobian` calls are
  /// not entered: their arguments name what to differentiate, not a computation.
  public func slips(mode: WrongRules.Mode, facts: WrongRules.Facts) -> [(Expr, WrongRules.Local)] {
    var result = WrongRules.locals(of: self, mode: mode, facts: facts).map { ($0.replacement, $0) }
    if case .call(let name, _, _) = kind,
      name == "grad" || name == "jacobian" || name == WrongRules.stopFunction
    {
      return result
    }
    for (index, child) in subexpressions.enumerated() {
      for (changed, local) in child.slips(mode: mode, facts: facts) {
        result.append((replacingSubexpression(index, with: changed), local))
      }
    }
    return result
  }

  /// This expression with its `index`-th subexpression (in ``subexpressions`` order)
  /// replaced.
  public func replacingSubexpression(_ index: Int, with new: Expr) -> Expr {
    var copy = self
    switch kind {
    case .number, .name: return self
    case .negate: copy.kind = .negate(new)
    case .transpose: copy.kind = .transpose(new)
    case .chain(let first, var links):
      if index == 0 {
        copy.kind = .chain(new, links)
      } else {
        links[index - 1].operand = new
        copy.kind = .chain(first, links)
      }
    case .power(let a, let b): copy.kind = index == 0 ? .power(new, b) : .power(a, new)
    case .index(let a, var indices):
      if index == 0 {
        copy.kind = .index(new, indices)
      } else {
        indices[index - 1] = new
        copy.kind = .index(a, indices)
      }
    case .slice(let a, let subscripts):
      if index == 0 {
        copy.kind = .slice(new, subscripts)
      } else {
        // Subscript bounds, flattened as `subexpressions` lists them.
        var remaining = index - 1
        var changed = subscripts
        for (position, item) in subscripts.enumerated() {
          let count = item.bounds.count
          if remaining < count {
            switch item {
            case .index: changed[position] = .index(new)
            case .range(let lower, let upper, let range):
              if lower != nil && remaining == 0 {
                changed[position] = .range(new, upper, range: range)
              } else {
                changed[position] = .range(lower, new, range: range)
              }
            }
            break
          }
          remaining -= count
        }
        copy.kind = .slice(a, changed)
      }
    case .call(let name, var arguments, let nameRange):
      arguments[index].value = new
      copy.kind = .call(name, arguments, nameRange: nameRange)
    case .matrix(var rows, let nested):
      var remaining = index
      for row in rows.indices {
        if remaining < rows[row].count {
          rows[row][remaining] = new
          break
        }
        remaining -= rows[row].count
      }
      copy.kind = .matrix(rows, nestedList: nested)
    }
    return copy
  }
}
