//! Open objects: a response object whose spec allows more fields than it lists keeps them in
//! `extra` (or a typed map of additional properties).
//!
//! serde's `#[serde(flatten)]` does this by buffering the whole object, every listed field
//! included, into its private `Content` tree and decoding the fields from that copy, which
//! made decoding an Astra database several times slower than a hand-written struct. Instead,
//! the generated `Deserialize` of an open type derives a private struct of the listed fields
//! (with all their serde attributes: renames, defaults, client error correction) and decodes it
//! from the object through [`Split`], which passes the listed keys on, in a single pass, and
//! takes every other key's value into the map of extra fields.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Decode an open object: its listed `fields` (by their JSON names) into `T`, every other
/// field into `M`. `name` is the type's name, for the message when the value is not an object.
pub fn decode<'de, D, T, V, M>(
    d: D,
    name: &'static str,
    fields: &'static [&'static str],
) -> Result<(T, M), D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
    V: Deserialize<'de>,
    M: Default + Extend<(String, V)>,
{
    d.deserialize_map(Open {
        name,
        fields,
        marker: PhantomData,
    })
}

/// What [`Open`] decodes to, for its `PhantomData` (the visitor owns no `T`, `V` or `M`).
type Decodes<T, V, M> = fn() -> (T, V, M);

struct Open<T, V, M> {
    name: &'static str,
    fields: &'static [&'static str],
    marker: PhantomData<Decodes<T, V, M>>,
}

impl<'de, T, V, M> Visitor<'de> for Open<T, V, M>
where
    T: Deserialize<'de>,
    V: Deserialize<'de>,
    M: Default + Extend<(String, V)>,
{
    type Value = (T, M);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(T, M), A::Error> {
        let mut split = Split {
            map,
            fields: self.fields,
            extra: M::default(),
            marker: PhantomData,
        };
        let listed = T::deserialize(MapAccessDeserializer::new(&mut split))?;
        Ok((listed, split.extra))
    }
}

/// The keys of an object as `T`'s derived visitor sees them: the listed ones only. The others
/// are decoded as `V` on the way and kept in `extra`.
struct Split<A, V, M> {
    map: A,
    fields: &'static [&'static str],
    extra: M,
    marker: PhantomData<fn() -> V>,
}

impl<'de, A, V, M> MapAccess<'de> for Split<A, V, M>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
    M: Extend<(String, V)>,
{
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key_seed(Key)? {
            if self.fields.contains(&key.as_ref()) {
                return match key {
                    Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
                    Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
                }
                .map(Some);
            }
            let value: V = self.map.next_value()?;
            self.extra.extend([(key.into_owned(), value)]);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An object key, borrowed from the input when it can be.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
