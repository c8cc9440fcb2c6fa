//! The value kept when a response carries an enum value that the spec does not list.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enum value the spec does not list, exactly as the server sent it.
///
/// Generated response enums have an `Unknown(UnknownValue)` variant so that a new value on the
/// server does not fail the whole response. Callers can match on it and read the value, but
/// cannot make one up: it is only created by decoding, so requests stay limited to documented
/// values.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The raw value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value of a required enum field the server left out (empty): what client error
    /// correction fills in. Not for requests.
    #[doc(hidden)]
    pub fn missing() -> Self {
        UnknownValue(String::new())
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UnknownValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Enum values are strings in these APIs; numbers and booleans are kept as their text.
        let v = serde_json::Value::deserialize(d)?;
        Ok(UnknownValue(match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }))
    }
}

impl Serialize for UnknownValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Decode a generated tolerant enum: `listed` maps a value the spec lists to its variant, and
/// every other value becomes `unknown` with the value as the server sent it (numbers, booleans,
/// `null` and nested JSON as their text). Generated `Deserialize` impls call this instead of
/// serde's `#[serde(untagged)]` fallback, which buffers every value before matching it.
#[doc(hidden)]
pub fn tolerant<'de, D, T>(
    d: D,
    listed: fn(&str) -> Option<T>,
    unknown: fn(UnknownValue) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_any(Tolerant { listed, unknown })
}

struct Tolerant<T> {
    listed: fn(&str) -> Option<T>,
    unknown: fn(UnknownValue) -> T,
}

impl<T> Tolerant<T> {
    fn text<E>(self, text: String) -> Result<T, E> {
        Ok((self.unknown)(UnknownValue(text)))
    }
}

impl<'de, T> Visitor<'de> for Tolerant<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        match (self.listed)(v) {
            Some(t) => Ok(t),
            None => self.text(v.to_owned()),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        match (self.listed)(&v) {
            Some(t) => Ok(t),
            None => self.text(v),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        self.text(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.text(serde_json::Value::from(v).to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.text(serde_json::Value::from(v).to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        self.text(serde_json::Value::from(v).to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        self.text(serde_json::Value::Null.to_string())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }

    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<T, D2::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.text(v.to_string())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.text(v.to_string())
    }
}
