//! Client error correction: what a response decodes to when the server leaves out a field the
//! spec requires, or sends `null` for it.
//!
//! Required response fields are plain `T` in the generated types, so that callers read
//! `database.id` rather than `database.id.as_deref().unwrap_or_default()`. A live server
//! sometimes breaks the promise; failing the whole response for it would be worse than the
//! defect. So, as Smithy's clients do, the field gets its type's default (an empty string, 0,
//! `false`, an empty list or map, an enum's `Unknown` value, a struct's `Default`) and a
//! `tracing` debug event names the type and the field. The generated `Deserialize` of a response
//! struct calls these from its visitor; a struct with a serde attribute that visitor does not
//! handle keeps the derive and calls them through `#[serde(default = ..., deserialize_with = ...)]`.

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
    d.deserialize_option(OrDefault {
        null: Some((ty, field)),
        value: std::marker::PhantomData,
    })
}

/// What `Option<T>`'s own visitor does, returning `T` (its default for `null`): the value is
/// not wrapped in an `Option` and moved out of it again (for a struct field, a copy of the
/// whole struct). `null` names the field to report a `null` for.
struct OrDefault<T> {
    null: Option<(&'static str, &'static str)>,
    value: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de> + Default> serde::de::Visitor<'de> for OrDefault<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        if let Some((ty, field)) = self.null {
            note_null(ty, field);
        }
        Ok(T::default())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// Decode an optional list or map, taking `null` for empty (the spec promises a list; `null`
/// carries nothing more).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    d.deserialize_option(OrDefault {
        null: None,
        value: std::marker::PhantomData,
    })
}

// What the generated `Deserialize` of a response struct calls. For an open object (a struct
// that keeps unknown fields in `extra`) the derive's `#[serde(flatten)]` buffered every unknown
// key and value into serde's private `Content` and decoded `extra` from that a second time; the
// generated visitor reads each key once, borrowed from the input where it can be, decodes a
// listed field in place and an unknown one straight into `extra`. A closed struct's visitor
// reads a key as its field's index (`Fields`) and skips the value of a key it does not list.

/// A key of an open object, borrowed from the input where the input allows.
#[doc(hidden)]
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned (for `extra`).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Owned(v)))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        let key = utf8_key(v, &self)?;
        self.visit_str(key)
    }
}

/// A key sent as bytes, as text; bytes that are not UTF-8 are an invalid key.
fn utf8_key<'a, E: serde::de::Error>(
    v: &'a [u8],
    expected: &dyn serde::de::Expected,
) -> Result<&'a str, E> {
    std::str::from_utf8(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), expected))
}

/// The key of a closed struct (one with no `extra`), read as the index of the field it names:
/// `F` maps a wire name to its field's index (the generated closure is a `match`, so the
/// compiler sees every name), and a key the struct does not list to any other number. The
/// derive compiles a field enum and a visitor type for every struct; here one generic visitor
/// serves them all, and the key is compared where the input holds it, never copied.
#[doc(hidden)]
pub struct Fields<F>(pub F);

impl<'de, F: FnOnce(&str) -> usize> serde::de::DeserializeSeed<'de> for Fields<F> {
    type Value = usize;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, F: FnOnce(&str) -> usize> serde::de::Visitor<'de> for Fields<F> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E>(self, v: &str) -> Result<usize, E> {
        Ok((self.0)(v))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<usize, E> {
        let key = utf8_key(v, &self)?;
        self.visit_str(key)
    }
}

/// A struct that decodes from a map through its generated [`Map::visit`]: its `Deserialize`
/// calls [`map`], so the visitor type and its `expecting` are written once, here, rather than
/// once per struct.
#[doc(hidden)]
pub trait Map<'de>: Sized {
    /// What a value of another kind is reported against: `struct Name`.
    const EXPECTING: &'static str;

    /// Decode the struct from the entries of `map`.
    fn visit<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decode `T` from a map ([`Map`]).
#[doc(hidden)]
#[inline]
pub fn map<'de, T: Map<'de>, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(Visit(std::marker::PhantomData))
}

struct Visit<T>(std::marker::PhantomData<T>);

impl<'de, T: Map<'de>> serde::de::Visitor<'de> for Visit<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// Decode the value of field `name` into `slot` as its type does.
#[doc(hidden)]
#[inline]
pub fn plain<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    field(map, slot, name, Plain::new())
}

/// Decode the value of optional list or map `name` into `slot`, `null` as empty.
#[doc(hidden)]
#[inline]
pub fn list<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    field(map, slot, name, NullAsDefault::new())
}

/// Decode the value of required field `name` (field `field` of `ty`) into `slot`, `null` as
/// its default, noted ([`required`]).
#[doc(hidden)]
#[inline]
pub fn noted<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    ty: &'static str,
    field_name: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    field(map, slot, name, Required::new(ty, field_name))
}

/// The value of required field `field` of `ty` once the map is read: its default, noted
/// ([`missing`]), when the key was absent.
#[doc(hidden)]
#[inline]
pub fn or_missing<T: Default>(slot: Option<T>, ty: &'static str, field: &'static str) -> T {
    match slot {
        Some(v) => v,
        None => missing(ty, field),
    }
}

/// Decode the value of field `name` into `slot` with `seed`; a second value for the same
/// field is an error, as with the derive.
#[doc(hidden)]
#[inline]
pub fn field<'de, A, S>(
    map: &mut A,
    slot: &mut Option<S::Value>,
    name: &'static str,
    seed: S,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    S: serde::de::DeserializeSeed<'de>,
{
    if slot.is_some() {
        return Err(<A::Error as serde::de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// The value of a field with no default that must be present.
#[doc(hidden)]
#[inline]
pub fn present<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Decode a field's value as its type does.
struct Plain<T>(std::marker::PhantomData<T>);

impl<T> Plain<T> {
    /// The seed.
    fn new() -> Self {
        Plain(std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for Plain<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// Decode an optional list or map, `null` as empty ([`null_as_default`]).
struct NullAsDefault<T>(std::marker::PhantomData<T>);

impl<T> NullAsDefault<T> {
    /// The seed.
    fn new() -> Self {
        NullAsDefault(std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de> + Default> serde::de::DeserializeSeed<'de> for NullAsDefault<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        null_as_default(d)
    }
}

/// Decode required field `field` of `ty`, `null` as its default ([`required`]).
struct Required<T> {
    ty: &'static str,
    field: &'static str,
    value: std::marker::PhantomData<T>,
}

impl<T> Required<T> {
    /// The seed for field `field` of type `ty`.
    fn new(ty: &'static str, field: &'static str) -> Self {
        Required {
            ty,
            field,
            value: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de> + Default> serde::de::DeserializeSeed<'de> for Required<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        required(d, self.ty, self.field)
    }
}
