//! A deterministic, seeded contention simulator for comparing retry strategies.
