//! Every public enum's `as_str` is its JSON name and `from_name` reads it back: the wasm readers and the CLI
//! look names up with `from_name`, and everything that prints one uses `as_str`, so neither may drift from
//! what serde writes.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use triage_core::request::{Code, Severity};
use triage_core::response::{Kind, RetrySource, TransportFailure};
use triage_core::retry::{Reason, Strategy};
use triage_core::sim::Model;
use triage_core::Cause;

fn check<T, const N: usize>(all: [T; N], as_str: fn(T) -> &'static str, from_name: fn(&str) -> Option<T>)
where
    T: Copy + PartialEq + Debug + Serialize + DeserializeOwned,
{
    let mut seen = Vec::new();
    for variant in all {
        let name = as_str(variant);
        let quoted = serde_json::to_string(&variant).expect("serialises");
        assert_eq!(quoted, format!("\"{name}\""), "{variant:?}");
        assert_eq!(
            serde_json::from_str::<T>(&quoted).ok(),
            Some(variant),
            "{variant:?}"
        );
        assert_eq!(from_name(name), Some(variant), "{variant:?}");
        assert!(!seen.contains(&name), "{name} is used twice");
        seen.push(name);
    }
    assert_eq!(from_name("no such variant"), None);
}

#[test]
fn every_name_is_what_serde_writes_and_reads_back() {
    check(Code::ALL, Code::as_str, Code::from_name);
    check(Severity::ALL, Severity::as_str, Severity::from_name);
    check(Cause::ALL, Cause::as_str, Cause::from_name);
    check(Kind::ALL, Kind::as_str, Kind::from_name);
    check(Reason::ALL, Reason::as_str, Reason::from_name);
    check(RetrySource::ALL, RetrySource::as_str, RetrySource::from_name);
    check(
        TransportFailure::ALL,
        TransportFailure::as_str,
        TransportFailure::from_name,
    );
    check(Strategy::ALL, Strategy::as_str, Strategy::from_name);
    check(Model::ALL, Model::as_str, Model::from_name);
}
