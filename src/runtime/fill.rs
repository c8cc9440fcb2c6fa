//! Client error correction: what a response decodes to when the server leaves out a field the
//! spec requires, or sends `null` for it.
//!
//! Required response fields are plain `T` in the generated types, so that callers read
//! `database.id` rather than `database.id.as_deref().unwrap_or_default()`. A live server
//! sometimes breaks the promise; failing the whole response for it would be worse than the
//! defect. So, as Smithy's clients do, the field gets its type's default (an empty string, 0,
//! `false`, an empty list or map, an enum's `Unknown` value, a struct's `Default`) and a
//! `tracing` debug event names the type and the field. Generated types call these through
//! `#[serde(default = ..., deserialize_with = ...)]`.

use serde::{Deserialize, Deserializer};

/// The value of required field `field` of `ty` when the server left it out.
pub fn missing<T: Default>(ty: &'static str, field: &'static str) -> T {
    note_missing(ty, field);
    T::default()
}

// The events are emitted outside the generic functions, so that the tracing machinery is
// compiled once rather than once per field type (a few hundred times for Aiven).
#[inline(never)]
fn note_missing(ty: &'static str, field: &'static str) {
    tracing::debug!(
        r#type = ty,
        field,
        "required field missing from the response; using its default"
    );
}

#[inline(never)]
fn note_null(ty: &'static str, field: &'static str) {
    tracing::debug!(
        r#type = ty,
        field,
        "required field null in the response; using its default"
    );
}

/// Decode required field `field` of `ty`, taking `null` for its default.
pub fn required<'de, D, T>(d: D, ty: &'static str, field: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    match Option::<T>::deserialize(d)? {
        Some(v) => Ok(v),
        None => {
            note_null(ty, field);
            Ok(T::default())
        }
    }
}

/// Decode an optional list or map, taking `null` for empty (the spec promises a list; `null`
/// carries nothing more).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
