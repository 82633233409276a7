//! The Simulator tab: many clients against one limited server, each policy in turn with the same seed. The
//! simulator runs in a Web Worker with its own wasm, started the first time this tab opens, so the page's first
//! load does not download it.

use super::sim_chart::SimChart;
use crate::services::simulator::{parse_results, SimInputs, SimRow, SimWorker, STRATEGIES};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Running,
    Done(Vec<SimRow>),
    Failed(String),
}

#[component]
pub fn Simulator() -> Html {
    let inputs = use_state(SimInputs::default);
    let status = use_state(|| Status::Loading);
    let worker = use_mut_ref(|| Option::<Rc<SimWorker>>::None);
    // Start the worker once, and run the default comparison so the tab opens on a chart.
    {
        let (status, worker, inputs) = (status.clone(), worker.clone(), inputs.clone());
        use_effect_with((), move |_| {
            let on_result = {
                let status = status.clone();
                move |text: String| {
                    status.set(match parse_results(&text) {
                        Ok(rows) => Status::Done(rows),
                        Err(e) => Status::Failed(e),
                    })
                }
            };
            match SimWorker::start(on_result) {
                Ok(w) => {
                    w.run(&inputs);
                    *worker.borrow_mut() = Some(Rc::new(w));
                }
                Err(e) => status.set(Status::Failed(format!("the simulator worker did not start: {e}"))),
            }
            || ()
        });
    }
    let run = {
        let (inputs, status, worker) = (inputs.clone(), status.clone(), worker.clone());
        Callback::from(move |_: MouseEvent| run_with(&worker, &status, &inputs))
    };
    let number = |apply: fn(&mut SimInputs, u64)| {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(n) = v.trim().parse::<u64>() {
                let mut next = (*inputs).clone();
                apply(&mut next, n.min(1_000_000));
                inputs.set(next);
            }
        })
    };
    let on_model = {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            let mut next = (*inputs).clone();
            next.model = e.target_unchecked_into::<HtmlSelectElement>().value();
            inputs.set(next);
        })
    };
    let toggle = |s: &'static str| {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*inputs).clone();
            next.strategies.retain(|x| *x != s);
            if on {
                next.strategies.push(s);
                next.strategies
                    .sort_by_key(|x| STRATEGIES.iter().position(|y| y == x));
            }
            inputs.set(next);
        })
    };
    let i = &*inputs;
    let field = |id: &str, label: &str, value: u64, on: Callback<Event>, help: &str| {
        html! {
            <label>{ label }
                <input id={id.to_string()} type="number" min="1" value={value.to_string()} onchange={on} />
                <span class="help">{ help.to_string() }</span>
            </label>
        }
    };
    html! {
        <div class="simulator">
            <section class="sim-inputs">
                <h2>{ "Simulate many clients" }</h2>
                <p class="muted">{ "Deterministic (seeded) and in simulated time: every policy meets the same network and the same server." }</p>
                <div class="form-grid">
                    <label>{ "Model" }
                        <select id="sim-model" onchange={on_model}>
                            <option value="overload" selected={i.model == "overload"}>{ "overload: shared key RPM (429) and capacity (529)" }</option>
                            <option value="shared" selected={i.model == "shared"}>{ "shared: one app's calls through one client" }</option>
                            <option value="occ" selected={i.model == "occ"}>{ "occ: writers contending for one row" }</option>
                        </select>
                    </label>
                    { field("sim-clients", "Clients", i.clients as u64, number(|s, n| s.clients = n as u32), "at most 1000") }
                    { field("sim-capacity", "Capacity", i.capacity as u64, number(|s, n| s.capacity = n as u32), "requests in flight before 529") }
                    { field("sim-service", "Service time (ms)", i.service_ms, number(|s, n| s.service_ms = n), "mean time to serve one") }
                    { field("sim-rpm", "Key RPM", i.rpm as u64, number(|s, n| s.rpm = n as u32), "overload model") }
                    { field("sim-calls", "Calls per client", i.calls_per_client as u64, number(|s, n| s.calls_per_client = n as u32), "shared model") }
                </div>
                <fieldset class="policies">
                    <legend>{ "Policies" }</legend>
                    { for STRATEGIES.iter().map(|s| html! {
                        <label class="check"><input type="checkbox" data-policy={*s} checked={i.strategies.contains(s)} onchange={toggle(s)} />{ *s }</label>
                    }) }
                </fieldset>
                <button id="sim-run" onclick={run} disabled={matches!(*status, Status::Running | Status::Loading)}>{ "Run simulation" }</button>
            </section>
            <section class="sim-results" aria-live="polite">
                { match &*status {
                    Status::Loading => html! { <p class="muted" id="sim-status">{ "Loading the simulator…" }</p> },
                    Status::Running => html! { <p class="muted" id="sim-status">{ "Running…" }</p> },
                    Status::Failed(e) => html! { <p class="warn" id="sim-status">{ e.clone() }</p> },
                    Status::Done(rows) if rows.is_empty() => html! { <p class="muted" id="sim-status">{ "Pick at least one policy." }</p> },
                    Status::Done(rows) => html! { <SimChart rows={rows.clone()} /> },
                } }
            </section>
        </div>
    }
}

fn run_with(
    worker: &Rc<RefCell<Option<Rc<SimWorker>>>>,
    status: &UseStateHandle<Status>,
    inputs: &SimInputs,
) {
    if let Some(w) = worker.borrow().as_ref() {
        status.set(Status::Running);
        w.run(inputs);
    }
}
