//! The value kept when a response carries an enum value that the spec does not list.

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
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
        Ok(UnknownValue(Text::deserialize(d)?.into_owned()))
    }
}

impl Serialize for UnknownValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Decode a tolerant enum: `known` maps a listed value to its variant; anything else becomes
/// `unknown` of the value as sent. Generated `Deserialize` impls call this.
///
/// The value is read once, as text borrowed from the input where it can be, and matched; the
/// derive's `#[serde(untagged)]` fallback buffered every value and built an error message for
/// each unlisted one before keeping it.
#[doc(hidden)]
#[inline]
pub fn decode_enum<'de, D, T>(
    d: D,
    known: impl FnOnce(&str) -> Option<T>,
    unknown: impl FnOnce(UnknownValue) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = Text::deserialize(d)?;
    Ok(match known(text.as_str()) {
        Some(v) => v,
        None => unknown(UnknownValue(text.into_owned())),
    })
}

/// An enum value as text: a string as sent (borrowed when the input allows), any other JSON
/// value as its JSON text (enum values are strings in these APIs; numbers, booleans and the
/// rare object are kept as what the server wrote).
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }

    fn into_owned(self) -> String {
        match self {
            Text::Borrowed(s) => s.to_owned(),
            Text::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl TextVisitor {
    fn json<E>(v: serde_json::Value) -> Result<Text<'static>, E> {
        Ok(Text::Owned(v.to_string()))
    }
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text::Owned(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Self::json(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Self::json(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Self::json(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Self::json(v.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Self::json(serde_json::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Self::json(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        Self::json(serde_json::Value::deserialize(
            serde::de::value::SeqAccessDeserializer::new(a),
        )?)
    }

    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
        Self::json(serde_json::Value::deserialize(
            serde::de::value::MapAccessDeserializer::new(a),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Action {
        Park,
        Unknown(UnknownValue),
    }

    impl<'de> Deserialize<'de> for Action {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decode_enum(
                d,
                |v| (v == "park").then_some(Action::Park),
                Action::Unknown,
            )
        }
    }

    fn unknown(text: &str) -> Action {
        Action::Unknown(UnknownValue(text.to_owned()))
    }

    #[test]
    fn listed_and_unlisted_values_from_any_input() {
        let cases = [
            (r#""park""#, Action::Park),
            (r#""pa\u0072k""#, Action::Park),
            (r#""addTable""#, unknown("addTable")),
            (r#""tab\tbed""#, unknown("tab\tbed")),
            ("7", unknown("7")),
            ("-1.5", unknown("-1.5")),
            ("true", unknown("true")),
            ("null", unknown("null")),
            (r#"{"a":[1,"b"]}"#, unknown(r#"{"a":[1,"b"]}"#)),
        ];
        for (json, want) in cases {
            // From text (borrowed or escaped strings), and from a buffered value (what an
            // untagged union hands its variants).
            let got: Action = serde_json::from_str(json).expect(json);
            assert_eq!(got, want, "{json}");
            let value: serde_json::Value = serde_json::from_str(json).expect(json);
            let got: Action = serde_json::from_value(value).expect(json);
            assert_eq!(got, want, "{json} as a value");
        }
        let list: Vec<Action> = serde_json::from_slice(br#"["park","resize"]"#).expect("list");
        assert_eq!(list, [Action::Park, unknown("resize")]);
    }

    #[test]
    fn bad_json_is_still_an_error() {
        assert!(serde_json::from_str::<Action>(r#""park"#).is_err());
        assert!(serde_json::from_str::<Action>("[1,").is_err());
    }
}
