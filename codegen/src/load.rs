//! Stage 1, `load`: YAML text to a JSON value, remembering the line of every node.
//!
//! We parse YAML events ourselves (with `yaml-rust2`) rather than going through `serde_yaml`,
//! because we need three things it does not give: the line of each node (so that every later
//! error can name one), duplicate keys reported instead of silently overwritten, and a parser
//! that uses an explicit stack (so deeply nested input cannot overflow ours).
//!
//! The loader also bounds what later stages see: at most [`MAX_DEPTH`] levels of nesting and
//! [`MAX_NODES`] nodes. Every later walk may therefore recurse over the document's nesting
//! without overflowing a 2 MB thread stack, and no stage meets a document too big to finish.

mod scalar;

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

use crate::diagnostic::{Sink, SpecErrors};
pub use crate::lines::LineIndex;
use crate::lines::{IndexBuilder, NodeId, Token, DETACHED};
use crate::rules::Rule;

/// How many nodes a spec may expand to (aliases included) before we stop: a guard against
/// "billion laughs" documents, and a bound on the work of every later stage.
pub const MAX_NODES: usize = 2_000_000;

/// How deep mappings and sequences may nest. OpenAPI documents nest about ten levels plus
/// two per level of schema nesting; the validator allows 64 levels of schema nesting
/// (`validate::MAX_SCHEMA_DEPTH`), which fits well below this.
pub const MAX_DEPTH: usize = 200;

/// A spec file, loaded.
#[derive(Debug)]
pub struct Loaded {
    /// The file name as given.
    pub file: String,
    /// The document as JSON.
    pub value: Value,
    /// Lines of its nodes.
    pub lines: LineIndex,
    /// The text's [`crate::fingerprint`].
    pub fingerprint: u64,
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
pub fn load_str(file: &str, text: &str) -> Result<Loaded, SpecErrors> {
    // JSON is YAML; a document that opens with a brace is read as JSON and its messages show
    // columns, because one line may hold the whole document.
    let columns = text.trim_start().starts_with(['{', '[']);
    let mut builder = Builder::new(columns);
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        return Err(syntax_error(file, &e));
    }
    builder.finish(file, crate::fingerprint::of(text.as_bytes()))
}

fn syntax_error(file: &str, e: &ScanError) -> SpecErrors {
    let m = e.marker();
    Sink::single(
        file,
        Rule::YamlSyntax,
        format!(
            "invalid YAML at line {}, column {}: {}",
            m.line(),
            m.col() + 1,
            e.info()
        ),
        "fix the YAML syntax at that line",
    )
}

/// A mapping or sequence being read.
struct Frame {
    /// Its node in the line index.
    id: NodeId,
    /// Its pointer token under its parent (`None` for the root and for a key).
    token: Option<Token>,
    /// Its anchor id (0 for none).
    anchor: usize,
    /// Whether it is itself a mapping key (which OpenAPI never uses).
    is_key: bool,
    /// How many levels it nests (1 for a mapping of scalars).
    height: usize,
    body: Body,
}

enum Body {
    /// A mapping, and the key whose value comes next (with that value's node id).
    Map {
        map: Map<String, Value>,
        key: Option<(String, NodeId)>,
    },
    Seq(Vec<Value>),
}

/// Where the next node goes.
enum Slot {
    /// It is a mapping key.
    Key,
    /// It is a value: its node id and pointer token.
    Value(NodeId, Option<Token>),
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    /// Anchored values, with how many levels each nests.
    anchors: HashMap<usize, (Value, usize)>,
    index: IndexBuilder,
    problems: BTreeMap<String, (Rule, String, String)>,
    nodes: usize,
    too_big: bool,
    documents: usize,
    /// Inside a node nested deeper than [`MAX_DEPTH`]: how many of its containers are open,
    /// and the slot the cut node (read as `null`) goes to.
    skipping: usize,
    cut: Option<Slot>,
    /// How many nodes were cut for nesting too deep, and the pointer of the first.
    too_deep: usize,
    first_too_deep: Option<String>,
}

impl Builder {
    fn new(columns: bool) -> Self {
        Builder {
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            index: IndexBuilder::new(columns),
            problems: BTreeMap::new(),
            nodes: 0,
            too_big: false,
            documents: 0,
            skipping: 0,
            cut: None,
            too_deep: 0,
            first_too_deep: None,
        }
    }

    /// The pointer of the node about to be read. Built on demand (for messages only), so that
    /// reading costs nothing per level of nesting.
    fn here(&self) -> String {
        let mut out = String::new();
        for token in self.stack.iter().filter_map(|f| f.token.as_ref()) {
            out.push('/');
            out.push_str(&token.render());
        }
        match self.stack.last().map(|f| &f.body) {
            Some(Body::Map {
                key: Some((k, _)), ..
            }) => out.push_str(&crate::diagnostic::join("", k)),
            Some(Body::Seq(items)) => out.push_str(&format!("/{}", items.len())),
            _ => {}
        }
        out
    }

    fn problem(&mut self, pointer: &str, rule: Rule, message: String, fix: &str) {
        self.problems
            .entry(pointer.to_string())
            .or_insert((rule, message, fix.to_string()));
    }

    /// Where the next node goes; a value gets its node in the line index here.
    fn slot(&mut self, mark: &Marker) -> Slot {
        let (line, col) = (mark.line(), mark.col());
        match self.stack.last() {
            None => Slot::Value(self.index.add(None, Token::Index(0), line, col), None),
            Some(Frame {
                body: Body::Map { key: None, .. },
                ..
            }) => Slot::Key,
            Some(Frame {
                body: Body::Map {
                    key: Some((k, id)), ..
                },
                ..
            }) => Slot::Value(*id, Some(Token::Key(k.as_str().into()))),
            Some(Frame {
                id,
                body: Body::Seq(items),
                ..
            }) => {
                let token = Token::Index(u32::try_from(items.len()).unwrap_or(u32::MAX));
                let id = self.index.add(Some(*id), token.clone(), line, col);
                Slot::Value(id, Some(token))
            }
        }
    }

    /// A mapping key arrived: the node of its value is placed at the key.
    fn key(&mut self, text: String, mark: &Marker) {
        let Some(Frame {
            id,
            body: Body::Map { map, key },
            ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        let duplicate = map.contains_key(&text);
        let token = Token::Key(text.as_str().into());
        let child = self.index.add(Some(*id), token, mark.line(), mark.col());
        *key = Some((text.clone(), child));
        if duplicate {
            let pointer = self.here();
            self.problem(
                &pointer,
                Rule::Yaml,
                format!("duplicate key `{text}` (again at line {})", mark.line()),
                "remove or rename one of the two entries",
            );
        }
    }

    /// A mapping or sequence that was itself a key ended: its parent gets the key `?` (the
    /// problem was reported when it started).
    fn complex_key_done(&mut self) {
        if let Some(Frame {
            body: Body::Map { key, .. },
            ..
        }) = self.stack.last_mut()
        {
            *key = Some((String::from("?"), DETACHED));
        }
    }

    /// Attach a finished node of `height` levels to its parent.
    fn attach(&mut self, value: Value, anchor: usize, height: usize) {
        self.nodes += 1;
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), height));
        }
        let Some(parent) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(value);
            }
            return;
        };
        parent.height = parent.height.max(height + 1);
        match &mut parent.body {
            Body::Seq(items) => items.push(value),
            Body::Map { map, key } => {
                if let Some((k, _)) = key.take() {
                    map.insert(k, value);
                }
            }
        }
    }

    fn open(&mut self, is_map: bool, anchor: usize, mark: &Marker) {
        let slot = self.slot(mark);
        if self.stack.len() >= MAX_DEPTH {
            self.cut(slot);
            self.skipping = 1;
            return;
        }
        let (id, token, is_key) = match slot {
            Slot::Key => {
                let pointer = self.here();
                self.problem(
                    &pointer,
                    Rule::Yaml,
                    "a mapping key is itself a mapping or a sequence".into(),
                    "use plain string keys",
                );
                (DETACHED, None, true)
            }
            Slot::Value(id, token) => (id, token, false),
        };
        let body = if is_map {
            Body::Map {
                map: Map::new(),
                key: None,
            }
        } else {
            Body::Seq(Vec::new())
        };
        self.stack.push(Frame {
            id,
            token,
            anchor,
            is_key,
            height: 1,
            body,
        });
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let value = match frame.body {
            Body::Map { map, .. } => Value::Object(map),
            Body::Seq(items) => Value::Array(items),
        };
        if frame.is_key {
            self.complex_key_done();
        } else {
            self.attach(value, frame.anchor, frame.height);
        }
    }

    /// The node about to be read nests too deep: remember the first such place, and read the
    /// node as `null` once it ends (it is never built, so it costs no memory).
    fn cut(&mut self, slot: Slot) {
        self.too_deep += 1;
        if self.first_too_deep.is_none() {
            self.first_too_deep = Some(self.here());
        }
        self.cut = Some(slot);
    }

    /// Inside a cut node: only track where it ends.
    fn skip(&mut self, ev: &Event) {
        match ev {
            Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
            Event::MappingEnd | Event::SequenceEnd => {
                self.skipping -= 1;
                if self.skipping == 0 {
                    self.end_cut();
                }
            }
            _ => {}
        }
    }

    fn end_cut(&mut self) {
        match self.cut.take() {
            Some(Slot::Key) => self.complex_key_done(),
            Some(Slot::Value(..)) | None => self.attach(Value::Null, 0, 0),
        }
    }

    fn alias(&mut self, id: usize, mark: &Marker) {
        let slot = self.slot(mark);
        let (value, height) = match self.anchors.get(&id) {
            Some((v, height)) => (v.clone(), *height),
            None => {
                let pointer = self.here();
                self.problem(
                    &pointer,
                    Rule::Yaml,
                    "alias to an unknown anchor".into(),
                    "define the anchor before using it",
                );
                (Value::Null, 0)
            }
        };
        // An alias copies its anchor's whole subtree here, which may nest deeper than the
        // anchor itself did.
        if self.stack.len() + height > MAX_DEPTH {
            self.cut(slot);
            self.end_cut();
            return;
        }
        match slot {
            Slot::Key => {
                let key = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                self.key(key, mark);
            }
            Slot::Value(..) => {
                self.nodes += count_nodes(&value);
                self.attach(value, 0, height);
            }
        }
    }

    /// Whether the document grew past [`MAX_NODES`]; reported once.
    fn over_budget(&mut self) -> bool {
        if self.nodes <= MAX_NODES {
            return false;
        }
        if !self.too_big {
            self.too_big = true;
            self.problem(
                "",
                Rule::YamlTooBig,
                format!("the document has more than {MAX_NODES} nodes (an alias counts as a copy of its anchor)"),
                "split the spec, or remove alias chains that multiply the document",
            );
        }
        true
    }

    fn document_start(&mut self) {
        self.documents += 1;
        if self.documents > 1 {
            self.problem(
                "",
                Rule::Yaml,
                "the file holds more than one YAML document".into(),
                "keep one document per spec file",
            );
        }
    }

    /// The loaded document, or every problem found while reading it.
    fn finish(mut self, file: &str, fingerprint: u64) -> Result<Loaded, SpecErrors> {
        if let Some(pointer) = self.first_too_deep.take() {
            let others = match self.too_deep {
                0 | 1 => String::new(),
                n => format!(" (and {} more places)", n - 1),
            };
            self.problem(
                &pointer,
                Rule::YamlTooDeep,
                format!("the document nests more than {MAX_DEPTH} levels deep here{others}"),
                "flatten the nesting (a nested schema can move into `components/schemas`, referred to by `$ref`)",
            );
        }
        let lines = self.index.finish();
        let mut sink = Sink::new(file, Some(lines.clone()));
        for (pointer, (rule, message, fix)) in self.problems {
            sink.report(&pointer, rule, message, fix);
        }
        if sink.has_errors() {
            return Err(sink.into_errors());
        }
        let Some(value) = self.root else {
            sink.report(
                "",
                Rule::YamlEmpty,
                "the file holds no YAML document",
                "write an OpenAPI 3.0 document",
            );
            return Err(sink.into_errors());
        };
        Ok(Loaded {
            file: file.to_string(),
            value,
            lines,
            fingerprint,
        })
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.over_budget() {
            return;
        }
        if self.skipping > 0 {
            self.skip(&ev);
            return;
        }
        match ev {
            Event::DocumentStart => self.document_start(),
            _ if self.documents > 1 => {}
            Event::Scalar(text, style, anchor, tag) => match self.slot(&mark) {
                Slot::Key => self.key(text, &mark),
                Slot::Value(..) => {
                    let tag = tag.as_ref().map(|t| t.suffix.as_str());
                    self.attach(scalar::scalar(&text, style, tag), anchor, 0);
                }
            },
            Event::Alias(id) => self.alias(id, &mark),
            Event::MappingStart(anchor, _) => self.open(true, anchor, &mark),
            Event::SequenceStart(anchor, _) => self.open(false, anchor, &mark),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
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

    #[test]
    fn json_shows_line_and_column() {
        let l = load_str("t.json", r#"{"a": {"b": [1, {"c": 2}]}, "d": 3}"#).unwrap();
        assert!(l.lines.shows_columns());
        assert_eq!(l.lines.position("/a/b/1/c"), Some((1, 18)));
        assert_eq!(l.lines.position("/d"), Some((1, 29)));
        // An unknown child falls back to the nearest known ancestor.
        assert_eq!(l.lines.position("/a/b/7"), Some((1, 8)));
        let yaml = load_str("t.yaml", "a: 1\n").unwrap();
        assert!(!yaml.lines.shows_columns());
    }

    #[test]
    fn block_nesting_past_the_limit_is_an_error_at_the_first_deep_node() {
        let mut text = String::from("top:\n");
        for level in 1..=MAX_DEPTH + 50 {
            text.push_str(&" ".repeat(level));
            text.push_str("k:\n");
        }
        text.push_str(&" ".repeat(MAX_DEPTH + 51));
        text.push_str("leaf: 1\n");
        let e = load_str("t.yaml", &text).unwrap_err().0;
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].rule, Rule::YamlTooDeep);
        // The first mapping past the limit is the value of the key on line MAX_DEPTH.
        assert_eq!(e[0].line, Some(MAX_DEPTH));
        assert_eq!(e[0].pointer, "/top/k/k/k/k/k/…(190 levels)…/k/k/k/k");
    }

    #[test]
    fn aliases_cannot_nest_past_the_limit() {
        let deep = "[".repeat(150) + &"]".repeat(150);
        let text = format!("a: &x {deep}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
        let e = load_str("t.yaml", &text).unwrap_err().0;
        assert_eq!(e[0].rule, Rule::YamlTooDeep, "{e:?}");
    }
}
