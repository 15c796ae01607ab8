//! Arithmetic over indicator totals, as written in the catalogue's `formula` field
//! (`ZC04 / ZC06 * 100`): codes, numbers, `+ - * /` and parentheses.

#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    Number(f64),
    Code(String),
    Binary(Box<Formula>, char, Box<Formula>),
    Negate(Box<Formula>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Code(String),
    Op(char),
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            tokens.push(Token::Op(c));
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(Token::Number(text.parse().map_err(|_| format!("无法识别的数字“{text}”"))?));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Code(chars[start..i].iter().collect()));
        } else {
            return Err(format!("无法识别的字符“{c}”"));
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek_op(&self) -> Option<char> {
        match self.tokens.get(self.pos) {
            Some(Token::Op(c)) => Some(*c),
            _ => None,
        }
    }

    fn expr(&mut self) -> Result<Formula, String> {
        let mut left = self.term()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.pos += 1;
            left = Formula::Binary(Box::new(left), op, Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Formula, String> {
        let mut left = self.factor()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.pos += 1;
            left = Formula::Binary(Box::new(left), op, Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Formula, String> {
        let token = self.tokens.get(self.pos).cloned().ok_or("公式不完整")?;
        self.pos += 1;
        match token {
            Token::Number(n) => Ok(Formula::Number(n)),
            Token::Code(c) => Ok(Formula::Code(c)),
            Token::Op('-') => Ok(Formula::Negate(Box::new(self.factor()?))),
            Token::Op('(') => {
                let inner = self.expr()?;
                if self.peek_op() != Some(')') {
                    return Err("缺少右括号".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Token::Op(c) => Err(format!("多余的运算符“{c}”")),
        }
    }
}

impl Formula {
    pub fn parse(src: &str) -> Result<Formula, String> {
        let mut parser = Parser { tokens: tokenize(src)?, pos: 0 };
        let formula = parser.expr()?;
        if parser.pos != parser.tokens.len() {
            return Err("公式末尾有多余内容".into());
        }
        Ok(formula)
    }

    /// The indicator codes the formula reads, in order of appearance.
    pub fn codes(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_codes(&mut out);
        out
    }

    fn collect_codes<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Formula::Number(_) => {}
            Formula::Code(c) => out.push(c),
            Formula::Binary(a, _, b) => {
                a.collect_codes(out);
                b.collect_codes(out);
            }
            Formula::Negate(a) => a.collect_codes(out),
        }
    }

    /// The value, or `None` when an input is missing or a divisor is zero: a rate over
    /// nothing is not reported rather than shown as 0 or infinity.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        match self {
            Formula::Number(n) => Some(*n),
            Formula::Code(c) => lookup(c),
            Formula::Negate(a) => a.eval(lookup).map(|v| -v),
            Formula::Binary(a, op, b) => {
                let (a, b) = (a.eval(lookup)?, b.eval(lookup)?);
                match op {
                    '+' => Some(a + b),
                    '-' => Some(a - b),
                    '*' => Some(a * b),
                    '/' if b == 0.0 => None,
                    '/' => Some(a / b),
                    _ => unreachable!("the parser only builds + - * /"),
                }
            }
        }
    }
}

/// Written back as the catalogue writes it (`ZC04 / ZC06 * 100`), with only the
/// brackets precedence needs: the `indicators` query table shows it.
impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn precedence(op: char) -> u8 {
            if op == '+' || op == '-' {
                1
            } else {
                2
            }
        }
        fn write(e: &Formula, f: &mut std::fmt::Formatter<'_>, parent: u8) -> std::fmt::Result {
            match e {
                Formula::Number(n) => write!(f, "{n}"),
                Formula::Code(c) => f.write_str(c),
                Formula::Negate(a) => {
                    f.write_str("-")?;
                    write(a, f, 3)
                }
                Formula::Binary(a, op, b) => {
                    let p = precedence(*op);
                    let bracket = p < parent;
                    if bracket {
                        f.write_str("(")?;
                    }
                    write(a, f, p)?;
                    write!(f, " {op} ")?;
                    // The operators are left-associative: a right operand of equal
                    // precedence keeps its brackets (A - (B - C)).
                    write(b, f, p + 1)?;
                    if bracket {
                        f.write_str(")")?;
                    }
                    Ok(())
                }
            }
        }
        write(self, f, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_formula_evaluates_with_precedence() {
        let f = Formula::parse("ZC04 / ZC06 * 100").unwrap();
        assert_eq!(f.codes(), ["ZC04", "ZC06"]);
        let v = f.eval(&|c| Some(if c == "ZC04" { 45.0 } else { 50.0 }));
        assert_eq!(v, Some(90.0));
        assert_eq!(Formula::parse("1 + 2 * (3 - 1)").unwrap().eval(&|_| None), Some(5.0));
    }

    #[test]
    fn division_by_zero_and_missing_inputs_give_none() {
        let f = Formula::parse("A / B").unwrap();
        assert_eq!(f.eval(&|c| Some(if c == "A" { 1.0 } else { 0.0 })), None);
        assert_eq!(f.eval(&|c| (c == "A").then_some(1.0)), None);
    }

    #[test]
    fn displays_as_written_with_needed_brackets_only() {
        for src in
            ["ZC04 / ZC06 * 100", "A - (B - C)", "(A + B) * 2", "A / (B * C)", "-(A + B)", "A + B * C", "0.5 * A"]
        {
            let f = Formula::parse(src).unwrap();
            assert_eq!(f.to_string(), src);
            assert_eq!(Formula::parse(&f.to_string()).unwrap(), f);
        }
    }

    #[test]
    fn malformed_formulas_are_refused() {
        assert!(Formula::parse("A /").is_err());
        assert!(Formula::parse("(A + B").is_err());
        assert!(Formula::parse("A # B").is_err());
        assert!(Formula::parse("A B").is_err());
    }
}
