//! A clock that re-renders its component every `step_ms` while `running`: the timeline's live countdown.

use std::time::Duration;
use yew::prelude::*;

/// `Date.now()`, refreshed every `step_ms` while `running`.
#[hook]
pub fn use_clock(running: bool, step_ms: u64) -> f64 {
    let now = use_state(js_sys::Date::now);
    {
        let now = now.clone();
        use_effect_with(running, move |running| {
            let alive = std::rc::Rc::new(std::cell::Cell::new(*running));
            if *running {
                let alive = alive.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    while alive.get() {
                        yew::platform::time::sleep(Duration::from_millis(step_ms)).await;
                        if alive.get() {
                            now.set(js_sys::Date::now());
                        }
                    }
                });
            }
            move || alive.set(false)
        });
    }
    if running {
        *now
    } else {
        js_sys::Date::now()
    }
}
