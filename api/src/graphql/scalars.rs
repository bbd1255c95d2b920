//! Custom scalars: `Month` (`YYYY-MM`).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

use crate::domain::Month;

/// A calendar month, written `YYYY-MM`.
#[Scalar(name = "Month")]
impl ScalarType for Month {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => s.parse().map_err(|_| {
                InputValueError::custom(format!("must be a month YYYY-MM, got {s:?}"))
            }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    /// Checked when the request is validated, so a bad month (literal or variable) is refused before
    /// anything runs.
    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if s.parse::<Month>().is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}
