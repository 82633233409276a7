//! The page: a tab bar and one panel per tab. State lives in one reducer (`state.rs`); Send and Stop in the
//! `use_send` hook. A new panel is a `Tab` variant and one arm below.

use crate::components::compose::Compose;
use crate::components::explain_tab::ExplainTab;
use crate::components::history::HistoryPanel;
use crate::components::simulator::Simulator;
use crate::components::tabs::Tabs;
use crate::hooks::use_send::use_send;
use crate::services::{share, storage};
use crate::state::{Action, State, Tab};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let controls = use_send(state.clone());
    // Once: a share link's request, and the history kept in this browser (if the user opted in before).
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if let Some(request) = share::request_of(&share::current_hash()) {
                state.dispatch(Action::Edit(request));
            }
            if let Some(entries) = storage::load() {
                state.dispatch(Action::LoadHistory(entries));
            }
            || ()
        });
    }
    // Kept in this browser only while opted in; opting out removes what was stored.
    use_effect_with((state.history.clone(), state.keep_history), |(history, keep)| {
        if *keep {
            storage::save(history);
        } else {
            storage::forget();
        }
        || ()
    });

    let on_tab = {
        let state = state.clone();
        Callback::from(move |tab| state.dispatch(Action::SetTab(tab)))
    };
    let dispatch = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(make(text)))
    };
    let panel = match state.tab {
        Tab::Compose => html! { <Compose state={state.clone()} controls={controls.clone()} /> },
        Tab::Explain => html! {
            <ExplainTab pasted={AttrValue::from(state.pasted.clone())} on_paste={dispatch(Action::Paste)} />
        },
        // Mounted only while open: the simulator's worker and wasm load the first time.
        Tab::Simulate => html! { <Simulator /> },
        Tab::History => {
            let s = state.clone();
            let on_load = Callback::from(move |request: String| {
                s.dispatch(Action::Edit(request));
                s.dispatch(Action::SetTab(Tab::Compose));
            });
            let s = state.clone();
            let on_keep = Callback::from(move |on| s.dispatch(Action::KeepHistory(on)));
            let s = state.clone();
            let on_clear = Callback::from(move |()| s.dispatch(Action::ClearHistory));
            html! { <HistoryPanel entries={state.history.clone()} keep={state.keep_history}
            on_keep={on_keep} on_clear={on_clear} on_load={on_load} /> }
        }
    };
    html! {
        <main>
            <header class="top">
                <h1>{ "claude-triage" }</h1>
                <p>{ "Validate a Claude API request before you send it; see every failure explained, with the retry plan." }</p>
            </header>
            <Tabs current={state.tab} on_select={on_tab} />
            <div class="panel" role="tabpanel" id={format!("panel-{}", state.tab.id())} aria-labelledby={format!("tab-{}", state.tab.id())}>
                { panel }
            </div>
        </main>
    }
}
