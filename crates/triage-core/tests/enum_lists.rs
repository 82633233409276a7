//! Every `ALL` list names every variant: the wasm readers look names up in these lists, so a variant missing from
//! one could never be read back. serde's derived `Deserialize` knows the full set and lists it in its error for an
//! unknown name, which makes it the reference.

use serde::de::DeserializeOwned;
use serde::Serialize;
use triage_core::causes::CAUSES;
use triage_core::response::{Kind, RetrySource, TransportFailure};
use triage_core::retry::Strategy;
use triage_core::sim::Model;

fn names_serde_knows<T: DeserializeOwned>() -> Vec<String> {
    let error = serde_json::from_str::<T>("\"no such variant\"")
        .err()
        .expect("a made-up name is refused")
        .to_string();
    // "expected one of `a`, `b`, `c`", or "expected `a` or `b`": the names are the quoted words.
    let list = error
        .split("expected ")
        .nth(1)
        .expect("the error lists the variants");
    list.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

fn names_listed<T: Serialize>(all: impl IntoIterator<Item = T>) -> Vec<String> {
    all.into_iter()
        .map(|v| {
            serde_json::to_value(v)
                .expect("serialises")
                .as_str()
                .expect("a name")
                .to_string()
        })
        .collect()
}

#[test]
fn every_list_of_variants_is_complete() {
    assert_eq!(names_listed(Kind::ALL), names_serde_knows::<Kind>());
    assert_eq!(names_listed(RetrySource::ALL), names_serde_knows::<RetrySource>());
    assert_eq!(
        names_listed(TransportFailure::ALL),
        names_serde_knows::<TransportFailure>()
    );
    assert_eq!(names_listed(Strategy::ALL), names_serde_knows::<Strategy>());
    assert_eq!(names_listed(Model::ALL), names_serde_knows::<Model>());
    // The cause table is in matching order, not declaration order: compare the sets.
    let mut rows = names_listed(CAUSES.iter().map(|row| row.cause));
    let mut causes = names_serde_knows::<triage_core::Cause>();
    rows.sort();
    causes.sort();
    assert_eq!(rows, causes);
}
