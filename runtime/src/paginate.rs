//! Page streams: a `Stream` of items that fetches pages lazily, for the three pagination styles
//! these APIs use.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{snippet, Error, ErrorKind};
use super::request::Request;
use super::response::Response;

/// How an operation pages (generated from `x-pagination`).
#[derive(Clone, Copy, Debug)]
pub enum PageStyle {
    /// The next page starts after the last item's `field` (Astra `starting_after`).
    Cursor {
        /// Query parameter that takes the cursor.
        param: &'static str,
        /// Item field holding the cursor value.
        field: &'static str,
        /// JSON pointer to the items ("" for a body that is the array).
        items: &'static str,
    },
    /// Offset and limit (Astro `offset` / `limit` / `totalCount`).
    Offset {
        /// Query parameter that takes the offset.
        param: &'static str,
        /// JSON pointer to the items.
        items: &'static str,
        /// JSON pointer to the total count, if the API returns one.
        total: Option<&'static str>,
    },
    /// Opaque page state (Stargate `page-state` / `pageState`).
    PageState {
        /// Query parameter that takes the state.
        param: &'static str,
        /// JSON pointer to the items.
        items: &'static str,
        /// JSON pointer to the next state.
        next: &'static str,
    },
}

/// Which page to fetch next.
#[derive(Clone, Debug)]
pub struct Page {
    style: PageStyle,
    cursor: Option<String>,
    offset: u64,
}

impl Page {
    /// Set this page's cursor, offset or state on the request, replacing what the request had:
    /// a stream always starts at the first page.
    pub fn apply(&self, rq: &mut Request) {
        match self.style {
            PageStyle::Cursor { param, .. } | PageStyle::PageState { param, .. } => {
                rq.set_query(param, &self.cursor)
            }
            PageStyle::Offset { param, .. } => rq.set_query(param, &self.offset),
        }
    }
}

struct State<F, E> {
    fetch: F,
    next: Option<Page>,
    buffer: VecDeque<Value>,
    _e: std::marker::PhantomData<fn() -> E>,
}

/// A stream of every item, fetching the next page when the current one is used up.
///
/// It ends after an empty page, when the cursor or state stops changing, or when an offset
/// reaches the total. An error ends the stream after it is yielded.
pub fn paginate<T, E, F, Fut>(style: PageStyle, fetch: F) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: DeserializeOwned,
    F: FnMut(Page) -> Fut,
    Fut: Future<Output = Result<Response<Value>, Error<E>>>,
{
    let state: State<F, E> = State {
        fetch,
        next: Some(Page {
            style,
            cursor: None,
            offset: 0,
        }),
        buffer: VecDeque::new(),
        _e: std::marker::PhantomData,
    };
    futures_util::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                let decoded = serde_json::from_value::<T>(item.clone()).map_err(|e| {
                    Error::new(
                        "paginate",
                        "page item",
                        1,
                        ErrorKind::Decode {
                            status: reqwest::StatusCode::OK,
                            content_type: Some("application/json".into()),
                            message: e.to_string(),
                            snippet: snippet(item.to_string().as_bytes()),
                        },
                    )
                });
                return Some((decoded, st));
            }
            let page = st.next.take()?;
            let body = match (st.fetch)(page.clone()).await {
                Ok(r) => r.into_inner(),
                Err(e) => return Some((Err(e), st)),
            };
            let items = items_at(&body, page.style);
            st.next = next_page(&page, &body, &items);
            if items.is_empty() {
                st.next = None;
            }
            st.buffer.extend(items);
        }
    })
}

fn pointer(style: PageStyle) -> &'static str {
    match style {
        PageStyle::Cursor { items, .. }
        | PageStyle::Offset { items, .. }
        | PageStyle::PageState { items, .. } => items,
    }
}

/// The items of a page. An object of items keyed by id yields `[key, value]` pairs.
fn items_at(body: &Value, style: PageStyle) -> Vec<Value> {
    match body.pointer(pointer(style)) {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), v.clone()]))
            .collect(),
        _ => Vec::new(),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn next_page(page: &Page, body: &Value, items: &[Value]) -> Option<Page> {
    let mut next = page.clone();
    match page.style {
        PageStyle::Cursor { field, .. } => {
            let last = items.last()?;
            let item = if let Value::Array(pair) = last {
                pair.get(1)?
            } else {
                last
            };
            next.cursor = Some(as_text(item.get(field)?)?);
        }
        PageStyle::Offset { total, .. } => {
            next.offset = page.offset + items.len() as u64;
            if let Some(t) = total.and_then(|p| body.pointer(p)).and_then(Value::as_u64) {
                if next.offset >= t {
                    return None;
                }
            }
        }
        PageStyle::PageState { next: ptr, .. } => {
            next.cursor = Some(as_text(body.pointer(ptr)?)?);
        }
    }
    // A cursor or state that does not move would loop forever.
    if next.cursor.is_some() && next.cursor == page.cursor {
        return None;
    }
    Some(next)
}
