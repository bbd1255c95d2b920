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

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}
