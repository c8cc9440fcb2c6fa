//! Stage 1, `load`: YAML text to a JSON value, remembering the line of every node.
//!
//! We parse YAML events ourselves (with `yaml-rust2`) rather than going through `serde_yaml`,
//! because we need three things it does not give: the line of each node (so that every later
//! error can name one), duplicate keys reported instead of silently overwritten, and a parser
//! that uses an explicit stack (so deeply nested input cannot overflow ours).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::{escape, Sink};

/// How many nodes a spec may expand to (aliases included) before we stop: a guard against
/// "billion laughs" documents.
const MAX_NODES: usize = 2_000_000;

/// JSON pointer to line number, for every node of a loaded document.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

impl LineIndex {
    /// The line of `pointer`, or of its nearest ancestor that has one.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(line) = self.lines.get(p) {
                return Some(*line);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

/// A spec file, loaded.
#[derive(Debug)]
pub struct Loaded {
    /// The file name as given.
    pub file: String,
    /// The document as JSON.
    pub value: Value,
    /// Lines of its nodes.
    pub lines: LineIndex,
}

/// Read and parse a spec file.
pub fn load_file(path: &std::path::Path) -> Result<Loaded, crate::Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        file: file.clone(),
        source,
    })?;
    Ok(load_str(&file, &text)?)
}

/// Parse spec text; `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, crate::diagnostic::SpecErrors> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    let result = parser.load(&mut builder, false);
    let mut sink = Sink::new(file, None);
    if let Err(e) = result {
        let m = e.marker();
        sink.error(
            "",
            "yaml-syntax",
            format!(
                "invalid YAML at line {}, column {}: {}",
                m.line(),
                m.col() + 1,
                e.info()
            ),
            "fix the YAML syntax at that line",
        );
        return Err(sink.into_errors());
    }
    let lines = LineIndex {
        lines: builder.lines,
    };
    let mut sink = Sink::new(file, Some(lines.clone()));
    for (pointer, message) in builder.problems {
        sink.error(&pointer, "yaml", message.0, message.1);
    }
    if sink.has_errors() {
        return Err(sink.into_errors());
    }
    let value = match builder.root {
        Some(v) => v,
        None => {
            sink.error(
                "",
                "yaml-empty",
                "the file holds no YAML document",
                "write an OpenAPI 3.0 document",
            );
            return Err(sink.into_errors());
        }
    };
    Ok(Loaded {
        file: file.to_string(),
        value,
        lines,
    })
}

enum Frame {
    Map {
        pointer: String,
        anchor: usize,
        map: Map<String, Value>,
        key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        pointer: String,
        anchor: usize,
        items: Vec<Value>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, Value>,
    lines: HashMap<String, usize>,
    problems: BTreeMap<String, (String, String)>,
    nodes: usize,
    too_big: bool,
    documents: usize,
}

impl Builder {
    /// The pointer the next node will have, and whether it is a mapping key.
    fn next_place(&self) -> (String, bool) {
        match self.stack.last() {
            None => (String::new(), false),
            Some(Frame::Map {
                pointer, key: None, ..
            }) => (pointer.clone(), true),
            Some(Frame::Map {
                pointer,
                key: Some(k),
                ..
            }) => (format!("{pointer}/{}", escape(k)), false),
            Some(Frame::Seq { pointer, items, .. }) => {
                (format!("{pointer}/{}", items.len()), false)
            }
        }
    }

    fn problem(&mut self, pointer: &str, message: String, fix: &str) {
        self.problems
            .entry(pointer.to_string())
            .or_insert((message, fix.to_string()));
    }

    /// Attach a finished node to its parent.
    fn attach(&mut self, value: Value, anchor: usize) {
        self.nodes += 1;
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => unreachable_key(value, key),
            },
        }
    }
}

/// A mapping key arrived where a value was expected: keys are handled before `attach`, so this
/// only stores the key. Split out to keep `attach` readable.
fn unreachable_key(value: Value, key: &mut Option<String>) {
    *key = Some(match value {
        Value::String(s) => s,
        other => other.to_string(),
    });
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.nodes > MAX_NODES {
            if !self.too_big {
                self.too_big = true;
                self.problem(
                    "",
                    format!("the document expands to more than {MAX_NODES} nodes"),
                    "remove alias chains that multiply the document",
                );
            }
            return;
        }
        match ev {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.problem(
                        "",
                        "the file holds more than one YAML document".into(),
                        "keep one document per spec file",
                    );
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let (pointer, is_key) = self.next_place();
                if self.documents > 1 {
                    return;
                }
                if is_key {
                    let mut duplicate = None;
                    if let Some(Frame::Map {
                        pointer: mp,
                        key,
                        seen,
                        ..
                    }) = self.stack.last_mut()
                    {
                        let child = format!("{mp}/{}", escape(&text));
                        if !seen.insert(text.clone()) {
                            duplicate = Some(child.clone());
                        }
                        self.lines.entry(child).or_insert(mark.line());
                        *key = Some(text.clone());
                    }
                    if let Some(child) = duplicate {
                        let line = mark.line();
                        self.problem(
                            &child,
                            format!("duplicate key `{text}` (again at line {line})"),
                            "remove or rename one of the two entries",
                        );
                    }
                    return;
                }
                self.lines.entry(pointer).or_insert(mark.line());
                let value = scalar(&text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                self.attach(value, anchor);
            }
            Event::Alias(id) => {
                let (pointer, is_key) = self.next_place();
                let value = match self.anchors.get(&id) {
                    Some(v) => v.clone(),
                    None => {
                        self.problem(
                            &pointer,
                            "alias to an unknown anchor".into(),
                            "define the anchor before using it",
                        );
                        Value::Null
                    }
                };
                if is_key {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        unreachable_key(value, key);
                    }
                    return;
                }
                self.lines.entry(pointer).or_insert(mark.line());
                self.nodes += count_nodes(&value);
                self.attach(value, 0);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let (pointer, is_key) = self.next_place();
                if is_key {
                    self.problem(
                        &pointer,
                        "a mapping key is itself a mapping or a sequence".into(),
                        "use plain string keys",
                    );
                }
                self.lines.entry(pointer.clone()).or_insert(mark.line());
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        pointer,
                        anchor,
                        map: Map::new(),
                        key: None,
                        seen: HashSet::new(),
                    }
                } else {
                    Frame::Seq {
                        pointer,
                        anchor,
                        items: Vec::new(),
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Map { anchor, map, .. }) => {
                    let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                    if is_key {
                        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                            *key = Some(String::from("?"));
                        }
                    } else {
                        self.attach(Value::Object(map), anchor);
                    }
                }
                Some(Frame::Seq { anchor, items, .. }) => {
                    let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                    if is_key {
                        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                            *key = Some(String::from("?"));
                        }
                    } else {
                        self.attach(Value::Array(items), anchor);
                    }
                }
                None => {}
            },
            _ => {}
        }
    }
}

fn count_nodes(v: &Value) -> usize {
    // Iterative, so a deep alias target cannot overflow the stack.
    let mut stack = vec![v];
    let mut n = 0;
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    n
}

/// Resolve a scalar with the YAML 1.2 core schema. Quoted scalars are always strings.
fn scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> Value {
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = text.trim_start_matches('+').parse::<u64>() {
            return Value::Number(u.into());
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Number(i.into());
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Number(i.into());
        }
    }
    if looks_like_float(text) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

fn looks_like_float(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mantissa_ok = {
        let mut parts = mantissa.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        let int_ok = int.bytes().all(|b| b.is_ascii_digit());
        match frac {
            Some(f) => {
                int_ok && f.bytes().all(|b| b.is_ascii_digit()) && !(int.is_empty() && f.is_empty())
            }
            None => int_ok && !int.is_empty() && exp.is_some(),
        }
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    };
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_values() {
        let l = load_str(
            "t.yaml",
            "a:\n  b: 1\n  c: [x, 'y']\nd: 2.5\ne: ~\nf: '200'\n",
        )
        .unwrap();
        assert_eq!(l.value["a"]["b"], 1);
        assert_eq!(l.value["a"]["c"][1], "y");
        assert_eq!(l.value["d"], 2.5);
        assert!(l.value["e"].is_null());
        assert_eq!(l.value["f"], "200");
        assert_eq!(l.lines.line_of("/a/b"), Some(2));
        assert_eq!(l.lines.line_of("/d"), Some(4));
        assert_eq!(l.lines.line_of("/a/c/1"), Some(3));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = load_str("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("duplicate key `a`"), "{text}");
        assert!(text.contains("t.yaml:1"), "{text}");
    }

    #[test]
    fn anchors_and_numbers_as_keys() {
        let l = load_str("t.yaml", "x: &a {k: v}\ny: *a\n200: ok\n").unwrap();
        assert_eq!(l.value["y"]["k"], "v");
        assert_eq!(l.value["200"], "ok");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let _ = load_str("t.yaml", &text);
    }
}
