//! The shared request/response vectors (tests/vectors/*.json), checked against the core.
