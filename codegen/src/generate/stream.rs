//! The `stream` method of a paginated operation's builder (`x-pagination`): every item of
//! every page, fetched lazily as the stream is read.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{Side, TypeError, Types};
use crate::ir::{Api, Extra, Kind, Operation, Pagination, Schema, Success};

/// The schema of the items a page holds: `pointer` into the success schema. An object whose
/// values are the items (documents keyed by id) gives `(key, item)` pairs.
fn items_schema(api: &Api, success: &Schema, pointer: &str) -> Option<(Schema, bool)> {
    let mut node = api.resolve(success);
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        let Kind::Object(o) = &node.kind else {
            return None;
        };
        node = api.resolve(o.property(token)?);
    }
    match &node.kind {
        Kind::Array(a) => Some((a.items.clone(), false)),
        Kind::Object(o) => match &o.additional {
            Extra::Any => Some((Schema::default(), true)),
            Extra::Schema(s) => Some(((**s).clone(), true)),
            _ => None,
        },
        _ => None,
    }
}

/// The runtime's description of the pagination style.
fn style(rt: &TokenStream, p: &Pagination) -> TokenStream {
    match p {
        Pagination::Cursor {
            cursor_param,
            cursor_field,
            items,
            ..
        } => {
            quote! { #rt::PageStyle::Cursor { param: #cursor_param, field: #cursor_field, items: #items } }
        }
        Pagination::Offset {
            offset_param,
            items,
            total,
            ..
        } => {
            let total = match total {
                Some(t) => quote! { Some(#t) },
                None => quote! { None },
            };
            quote! { #rt::PageStyle::Offset { param: #offset_param, items: #items, total: #total } }
        }
        Pagination::PageState {
            state_param,
            items,
            next,
        } => {
            quote! { #rt::PageStyle::PageState { param: #state_param, items: #items, next: #next } }
        }
    }
}

/// The `stream` method of a paginated operation's builder, and its return type as text.
pub fn stream(
    types: &mut Types,
    rt: &TokenStream,
    api: &Api,
    op: &Operation,
) -> Result<Option<(TokenStream, String)>, TypeError> {
    let Some(pagination) = &op.pagination else {
        return Ok(None);
    };
    let fail = |message: String| TypeError {
        name: op.id.clone(),
        message,
    };
    let Success::Json { schema, .. } = &op.success else {
        return Err(fail("x-pagination needs a JSON success response".into()));
    };
    let items_ptr = pagination.items();
    let (item_schema, keyed) = items_schema(api, schema, items_ptr).ok_or_else(|| {
        fail(format!("x-pagination items `{items_ptr}` is neither an array nor a map in the success response"))
    })?;
    let item_ty = types.owned(
        &item_schema,
        Side::Response,
        &format!("{}Item", op.type_prefix()),
    )?;
    let item_ty = if keyed {
        quote! { (String, #item_ty) }
    } else {
        item_ty
    };
    let style = style(rt, pagination);
    let driven = pagination.driven_param();
    let doc = format!(
        " Every item of every page, fetched page by page as the stream is read. The stream \
         starts at the first page and sets `{driven}` itself."
    );
    let ret = quote! { impl #rt::Stream<Item = ::std::result::Result<#item_ty, Error>> + 'a };
    let tokens = quote! {
        #[doc = #doc]
        // `#[inline]`, as `send` is: the paging and its calls are compiled in the crate that
        // streams, not in every build of `datacloud`.
        #[inline]
        pub fn stream(self) -> #ret {
            #rt::paginate(#style, move |page: #rt::Page| {
                let mut rq = self.request();
                page.apply(&mut rq);
                self.client.inner.call_json::<::serde_json::Value, ErrorBody>(rq)
            })
        }
    };
    let text = super::methods::signature_text("stream", &[], &ret);
    Ok(Some((tokens, text)))
}
