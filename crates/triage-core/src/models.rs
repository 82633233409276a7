//! The model catalog: data, not code.
