//! The JSON types a field may have: what the catalogue declares and the checker tests values against.

use crate::json::borrowed::{Node, Value};

/// A set of JSON types a value may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types(u8);

impl Types {
    pub const STRING: Types = Types(1);
    pub const NUMBER: Types = Types(2);
    pub const BOOL: Types = Types(4);
    pub const OBJECT: Types = Types(8);
    pub const ARRAY: Types = Types(16);
    pub const NULL: Types = Types(32);
    pub const ANY: Types = Types(63);

    pub const fn or(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    fn of(node: &Node) -> Types {
        match node.value {
            Value::Null => Types::NULL,
            Value::Bool(_) => Types::BOOL,
            Value::Number(_) => Types::NUMBER,
            Value::String(_) => Types::STRING,
            Value::Array(_) => Types::ARRAY,
            Value::Object(_) => Types::OBJECT,
        }
    }

    pub fn admits(self, node: &Node) -> bool {
        self.0 & Types::of(node).0 != 0
    }

    /// "a string or an array".
    pub fn describe(self) -> String {
        let names = [
            (Types::STRING, "a string"),
            (Types::NUMBER, "a number"),
            (Types::BOOL, "a boolean"),
            (Types::OBJECT, "an object"),
            (Types::ARRAY, "an array"),
            (Types::NULL, "null"),
        ];
        let parts: Vec<&str> = names
            .iter()
            .filter(|(t, _)| self.0 & t.0 != 0)
            .map(|&(_, n)| n)
            .collect();
        match parts.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => (*last).to_string(),
            None => "nothing".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_type_sets() {
        assert_eq!(Types::STRING.or(Types::ARRAY).describe(), "a string or an array");
        assert_eq!(Types::NUMBER.describe(), "a number");
    }
}
