//! `$((...))`, as busybox shell/math.c evaluates it: 64-bit integers,
//! C operators and precedence, assignments, `?:`, and variables whose
//! values are themselves expressions. Error texts are math.c's
//! (`arithmetic syntax error`, `divide by zero`). Overflow wraps, as it
//! does in practice with C arithmetic.

/// Variable access for the evaluator.
pub(crate) trait Vars {
    fn get(&self, name: &str) -> Option<String>;
    fn set(&mut self, name: &str, value: String);
}

const SYNTAX: &str = "arithmetic syntax error";
const MAX_DEPTH: u32 = 64;

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

/// Longest first, as in math.c's `op_tokens`.
const OPS: [&str; 40] = [
    "<<=", ">>=", "**=", "<<", ">>", "||", "&&", "!=", "<=", ">=", "==", "|=", "&=", "*=", "/=",
    "%=", "+=", "-=", "^=", "--", "++", "**", "!", "<", ">", "=", "|", "&", "*", "/", "%", "+",
    "-", "^", "~", ",", "?", ":", ")", "(",
];

fn lex(s: &str) -> Result<Vec<T>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        if ch.is_ascii_digit() {
            let st = i;
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_' || c[i] == '#') {
                i += 1;
            }
            let word: String = c[st..i].iter().collect();
            out.push(T::Num(
                parse_number(&word).ok_or_else(|| SYNTAX.to_string())?,
            ));
            continue;
        }
        if ch == '_' || ch.is_ascii_alphabetic() {
            let st = i;
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(T::Name(c[st..i].iter().collect()));
            continue;
        }
        let rest: String = c[i..c.len().min(i + 3)].iter().collect();
        match OPS.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                out.push(T::Op(op));
                i += op.chars().count();
            }
            None => return Err(SYNTAX.into()),
        }
    }
    Ok(out)
}

/// A number as math.c reads it: decimal, 0x hex, 0 octal, or BASE#DIGITS.
pub(crate) fn parse_number(w: &str) -> Option<i64> {
    if let Some((base, digits)) = w.split_once('#') {
        let base: u32 = base.parse().ok()?;
        if !(2..=36).contains(&base) {
            return None;
        }
        return digits_value(digits, base);
    }
    if let Some(h) = w.strip_prefix("0x").or_else(|| w.strip_prefix("0X")) {
        return digits_value(h, 16);
    }
    if w.len() > 1 && w.starts_with('0') {
        return digits_value(&w[1..], 8);
    }
    digits_value(w, 10)
}

fn digits_value(d: &str, base: u32) -> Option<i64> {
    if d.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for c in d.chars() {
        let x = c.to_digit(base)?;
        v = v.wrapping_mul(base as i64).wrapping_add(x as i64);
    }
    Some(v)
}

/// Binary operators: precedence (higher binds tighter), right-associative.
fn binary(op: &str) -> Option<(u8, bool)> {
    Some(match op {
        "," => (1, false),
        "=" | "*=" | "/=" | "%=" | "+=" | "-=" | "<<=" | ">>=" | "&=" | "^=" | "|=" | "**=" => {
            (2, true)
        }
        "?" => (3, true),
        "||" => (4, false),
        "&&" => (5, false),
        "|" => (6, false),
        "^" => (7, false),
        "&" => (8, false),
        "==" | "!=" => (9, false),
        "<" | "<=" | ">" | ">=" => (10, false),
        "<<" | ">>" => (11, false),
        "+" | "-" => (12, false),
        "*" | "/" | "%" => (13, false),
        "**" => (14, true),
        _ => return None,
    })
}

struct P<'a> {
    t: Vec<T>,
    i: usize,
    vars: &'a mut dyn Vars,
    depth: u32,
}

/// A value, remembering the variable it came from (for assignments).
struct V {
    val: i64,
    name: Option<String>,
}

fn apply(op: &str, a: i64, b: i64) -> Result<i64, String> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" => {
            if b == 0 {
                return Err("divide by zero".into());
            }
            if op == "/" {
                a.wrapping_div(b)
            } else {
                a.wrapping_rem(b)
            }
        }
        "**" => {
            if b < 0 {
                return Err("exponent less than 0".into());
            }
            let mut r: i64 = 1;
            let mut base = a;
            let mut e = b;
            while e > 0 {
                if e & 1 == 1 {
                    r = r.wrapping_mul(base);
                }
                base = base.wrapping_mul(base);
                e >>= 1;
            }
            r
        }
        "<<" => a.wrapping_shl((b & 63) as u32),
        ">>" => a.wrapping_shr((b & 63) as u32),
        "<" => (a < b) as i64,
        "<=" => (a <= b) as i64,
        ">" => (a > b) as i64,
        ">=" => (a >= b) as i64,
        "==" => (a == b) as i64,
        "!=" => (a != b) as i64,
        "&" => a & b,
        "^" => a ^ b,
        "|" => a | b,
        "&&" => (a != 0 && b != 0) as i64,
        "||" => (a != 0 || b != 0) as i64,
        "," => b,
        _ => return Err(SYNTAX.into()),
    })
}

impl P<'_> {
    fn peek(&self) -> Option<&T> {
        self.t.get(self.i)
    }

    fn lookup(&mut self, name: &str) -> Result<i64, String> {
        let v = match self.vars.get(name) {
            None => return Ok(0),
            Some(v) => v,
        };
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        if let Some(n) = v.strip_prefix('-').and_then(parse_number) {
            return Ok(n.wrapping_neg());
        }
        if let Some(n) = parse_number(v) {
            return Ok(n);
        }
        // math.c `arith_lookup_val()`: the value is an expression itself
        if self.depth > 8 {
            return Err(SYNTAX.into());
        }
        let toks = lex(v)?;
        let mut sub = P {
            t: toks,
            i: 0,
            vars: &mut *self.vars,
            depth: self.depth + 8,
        };
        let r = sub.expr(0, true)?.val;
        if sub.i != sub.t.len() {
            return Err(SYNTAX.into());
        }
        Ok(r)
    }

    fn primary(&mut self, live: bool) -> Result<V, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SYNTAX.into());
        }
        let r = self.primary_inner(live);
        self.depth -= 1;
        r
    }

    fn primary_inner(&mut self, live: bool) -> Result<V, String> {
        let t = self.peek().cloned().ok_or_else(|| SYNTAX.to_string())?;
        self.i += 1;
        match t {
            T::Num(n) => Ok(V { val: n, name: None }),
            T::Name(n) => {
                // post-increment
                if let Some(T::Op(op @ ("++" | "--"))) = self.peek().cloned() {
                    self.i += 1;
                    let old = if live { self.lookup(&n)? } else { 0 };
                    if live {
                        let new = if op == "++" {
                            old.wrapping_add(1)
                        } else {
                            old.wrapping_sub(1)
                        };
                        self.vars.set(&n, new.to_string());
                    }
                    return Ok(V {
                        val: old,
                        name: None,
                    });
                }
                let val = if live { self.lookup(&n)? } else { 0 };
                Ok(V { val, name: Some(n) })
            }
            T::Op("(") => {
                let v = self.expr(0, live)?;
                match self.peek() {
                    Some(T::Op(")")) => {
                        self.i += 1;
                        Ok(V {
                            val: v.val,
                            name: None,
                        })
                    }
                    _ => Err(SYNTAX.into()),
                }
            }
            T::Op(op @ ("++" | "--")) => {
                let name = match self.peek().cloned() {
                    Some(T::Name(n)) => n,
                    _ => return Err(SYNTAX.into()),
                };
                self.i += 1;
                let mut v = if live { self.lookup(&name)? } else { 0 };
                v = if op == "++" {
                    v.wrapping_add(1)
                } else {
                    v.wrapping_sub(1)
                };
                if live {
                    self.vars.set(&name, v.to_string());
                }
                Ok(V { val: v, name: None })
            }
            T::Op(op @ ("-" | "+" | "!" | "~")) => {
                let v = self.primary(live)?.val;
                let val = match op {
                    "-" => v.wrapping_neg(),
                    "+" => v,
                    "!" => (v == 0) as i64,
                    _ => !v,
                };
                Ok(V { val, name: None })
            }
            _ => Err(SYNTAX.into()),
        }
    }

    /// Precedence climbing; `live` is false in a branch not taken (`&&`,
    /// `||`, `?:`), where assignments must not happen.
    fn expr(&mut self, min: u8, live: bool) -> Result<V, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SYNTAX.into());
        }
        let mut lhs = self.primary(live)?;
        while let Some(T::Op(op)) = self.peek() {
            let op = *op;
            let (prec, right) = match binary(op) {
                Some(p) => p,
                None => break,
            };
            if prec < min {
                break;
            }
            self.i += 1;
            if op == "?" {
                let cond = lhs.val != 0;
                let a = self.expr(0, live && cond)?;
                match self.peek() {
                    Some(T::Op(":")) => self.i += 1,
                    _ => return Err(SYNTAX.into()),
                }
                let b = self.expr(prec, live && !cond)?;
                lhs = V {
                    val: if cond { a.val } else { b.val },
                    name: None,
                };
                continue;
            }
            let next_min = if right { prec } else { prec + 1 };
            if prec == 2 {
                // assignment
                let name = lhs.name.clone().ok_or_else(|| SYNTAX.to_string())?;
                let rhs = self.expr(next_min, live)?.val;
                let val = if op == "=" {
                    rhs
                } else {
                    apply(&op[..op.len() - 1], lhs.val, rhs)?
                };
                if live {
                    self.vars.set(&name, val.to_string());
                }
                lhs = V { val, name: None };
                continue;
            }
            let short = match op {
                "&&" => Some(lhs.val == 0),
                "||" => Some(lhs.val != 0),
                _ => None,
            };
            let rhs = self.expr(next_min, live && short != Some(true))?.val;
            let val = if live || short.is_some() {
                match apply(op, lhs.val, rhs) {
                    Ok(v) => v,
                    Err(e) if live => return Err(e),
                    Err(_) => 0,
                }
            } else {
                apply(op, lhs.val, rhs).unwrap_or(0)
            };
            lhs = V { val, name: None };
        }
        self.depth -= 1;
        Ok(lhs)
    }
}

/// Evaluates an expression; the error is math.c's message.
pub(crate) fn eval(expr: &str, vars: &mut dyn Vars) -> Result<i64, String> {
    let t = lex(expr)?;
    if t.is_empty() {
        return Ok(0);
    }
    let mut p = P {
        t,
        i: 0,
        vars,
        depth: 0,
    };
    let v = p.expr(0, true)?;
    if p.i != p.t.len() {
        return Err(SYNTAX.into());
    }
    Ok(v.val)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sorted::SortedMap;

    struct M(SortedMap<String, String>);
    impl Vars for M {
        fn get(&self, n: &str) -> Option<String> {
            self.0.get(n).cloned()
        }
        fn set(&mut self, n: &str, v: String) {
            self.0.insert(n.into(), v);
        }
    }

    fn ev(s: &str, m: &mut M) -> Result<i64, String> {
        eval(s, m)
    }

    #[test]
    fn arithmetic() {
        let mut m = M(SortedMap::new());
        assert_eq!(ev("1 + 2 * 3", &mut m), Ok(7));
        assert_eq!(ev("(1 + 2) * 3", &mut m), Ok(9));
        assert_eq!(ev("10 / 3", &mut m), Ok(3));
        assert_eq!(ev("10 % 3", &mut m), Ok(1));
        assert_eq!(ev("2 ** 10", &mut m), Ok(1024));
        assert_eq!(ev("-3 + 1", &mut m), Ok(-2));
        assert_eq!(ev("1 < 2 && 3 >= 3", &mut m), Ok(1));
        assert_eq!(ev("0x10 + 010", &mut m), Ok(24));
        assert_eq!(ev("x = 5", &mut m), Ok(5));
        assert_eq!(ev("x += 2", &mut m), Ok(7));
        assert_eq!(ev("x++", &mut m), Ok(7));
        assert_eq!(ev("x", &mut m), Ok(8));
        assert_eq!(ev("++x", &mut m), Ok(9));
        assert_eq!(ev("unset_var + 1", &mut m), Ok(1));
        assert_eq!(ev("x > 3 ? 1 : 2", &mut m), Ok(1));
        assert_eq!(ev("0 && (y = 4)", &mut m), Ok(0));
        assert_eq!(m.0.get("y"), None);
        assert_eq!(ev("1 / 0", &mut m), Err("divide by zero".into()));
        assert_eq!(ev("0 && 1 / 0", &mut m), Ok(0));
        assert_eq!(ev("1 +", &mut m), Err(SYNTAX.into()));
        assert_eq!(ev("1 2", &mut m), Err(SYNTAX.into()));
        assert_eq!(ev("09", &mut m), Err(SYNTAX.into()));
        assert_eq!(ev("", &mut m), Ok(0));
        m.0.insert("e".into(), "2 + 3".into());
        assert_eq!(ev("e * 2", &mut m), Ok(10));
        m.0.insert("loop".into(), "loop".into());
        assert!(ev("loop", &mut m).is_err());
        assert!(ev(&"(".repeat(10_000), &mut m).is_err());
        assert!(ev(&"-".repeat(10_000), &mut m).is_err());
        assert_eq!(ev("9223372036854775807 + 1", &mut m), Ok(i64::MIN));
    }
}
