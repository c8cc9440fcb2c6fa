//! The value kept when a response carries an enum value that the spec does not list.

use std::fmt;

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
