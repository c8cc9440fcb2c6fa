//! Where each node of a loaded document starts in the file: a tree of places keyed by pointer
//! token, so that its size is proportional to the number of nodes however deep they nest.
//!
//! An earlier version stored the full JSON pointer string of every node, which costs
//! O(nodes × depth) memory and time on deeply nested input.

use std::collections::HashMap;
use std::sync::Arc;

/// One step of a JSON pointer: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Token {
    /// A mapping key, unescaped.
    Key(Box<str>),
    /// A sequence index.
    Index(u32),
}

impl Token {
    /// The token as it appears in a JSON pointer (escaped).
    pub(super) fn render(&self) -> String {
        match self {
            Token::Key(k) => crate::refs::escape(k),
            Token::Index(i) => i.to_string(),
        }
    }
}

/// The id of a node in the index; the root is 0.
pub(super) type NodeId = u32;

/// A node that has no place in the index (the inside of a mapping used as a key).
pub(super) const DETACHED: NodeId = NodeId::MAX;

#[derive(Clone, Copy, Debug)]
struct Place {
    line: u32,
    col: u32,
}

#[derive(Debug, Default)]
struct Tree {
    places: Vec<Place>,
    children: HashMap<(NodeId, Token), NodeId>,
    columns: bool,
}

/// Line (and column) of every node of a loaded document, by JSON pointer. Cloning is cheap:
/// the index is shared.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    tree: Arc<Tree>,
}

impl LineIndex {
    /// The line of `pointer`, or of its nearest ancestor that has one.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        self.position(pointer).map(|(line, _)| line)
    }

    /// The 1-based line and column of `pointer`, or of its nearest ancestor that has one.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let tree = &self.tree;
        let mut id: NodeId = 0;
        let mut place = *tree.places.first()?;
        for token in pointer.split('/').skip(1) {
            let key = Token::Key(crate::refs::unescape(token).into_boxed_str());
            let next = tree.children.get(&(id, key)).or_else(|| {
                let index = token.parse::<u32>().ok()?;
                tree.children.get(&(id, Token::Index(index)))
            });
            match next {
                Some(&child) => {
                    id = child;
                    place = tree.places[child as usize];
                }
                None => break,
            }
        }
        Some((place.line as usize, place.col as usize + 1))
    }

    /// Whether messages should show columns: the document is written as JSON (one line often
    /// holds many nodes), not as block YAML.
    pub fn shows_columns(&self) -> bool {
        self.tree.columns
    }
}

/// Builds a [`LineIndex`] while the loader reads events.
#[derive(Debug, Default)]
pub(super) struct IndexBuilder {
    tree: Tree,
}

impl IndexBuilder {
    /// An empty index; `columns` as in [`LineIndex::shows_columns`].
    pub(super) fn new(columns: bool) -> Self {
        IndexBuilder {
            tree: Tree {
                columns,
                ..Tree::default()
            },
        }
    }

    /// Record a node at `line`/`col` (as yaml-rust2 counts them: 1-based line, 0-based
    /// column), child `token` of `parent`; the root has no parent. A node already recorded
    /// under the same parent and token (a duplicate key) keeps its first place.
    pub(super) fn add(
        &mut self,
        parent: Option<NodeId>,
        token: Token,
        line: usize,
        col: usize,
    ) -> NodeId {
        let tree = &mut self.tree;
        let saturate = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let place = Place {
            line: saturate(line),
            col: saturate(col),
        };
        match parent {
            Some(DETACHED) => DETACHED,
            None if !tree.places.is_empty() => 0,
            None => {
                tree.places.push(place);
                0
            }
            Some(parent) => {
                if let Some(&existing) = tree.children.get(&(parent, token.clone())) {
                    return existing;
                }
                let Ok(id) = NodeId::try_from(tree.places.len()) else {
                    return DETACHED;
                };
                if id == DETACHED {
                    return DETACHED;
                }
                tree.places.push(place);
                tree.children.insert((parent, token), id);
                id
            }
        }
    }

    /// The finished index.
    pub(super) fn finish(self) -> LineIndex {
        LineIndex {
            tree: Arc::new(self.tree),
        }
    }
}
