//! The page's side of the simulator: start the worker (the first time the tab asks), post the options, read the
//! results with the core's JSON reader.

use crate::sim_protocol::READY;
use std::cell::RefCell;
use std::rc::Rc;
use triage_core::json::{self, Node};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The loader trunk writes for the `sim_worker` binary (`data-loader-shim`).
pub const WORKER_URL: &str = "./sim_worker_loader.js";

#[derive(Clone, PartialEq, Debug)]
pub struct SimInputs {
    pub model: String,
    pub clients: u32,
    pub capacity: u32,
    pub service_ms: u64,
    pub rpm: u32,
    pub calls_per_client: u32,
    pub seed: u64,
    pub strategies: Vec<&'static str>,
}

impl Default for SimInputs {
    fn default() -> Self {
        SimInputs {
            model: "overload".to_string(),
            clients: 100,
            capacity: 10,
            service_ms: 1_000,
            rpm: 300,
            calls_per_client: 1,
            seed: 1,
            strategies: vec!["none", "exponential", "full_jitter", "triage", "adaptive"],
        }
    }
}

pub const STRATEGIES: &[&str] = &[
    "none",
    "constant",
    "exponential",
    "full_jitter",
    "equal_jitter",
    "decorrelated_jitter",
    "triage",
    "adaptive",
];

impl SimInputs {
    pub fn to_json(&self) -> String {
        let strategies: Vec<String> = self.strategies.iter().map(|s| format!("\"{s}\"")).collect();
        format!(
            "{{\"model\":\"{}\",\"clients\":{},\"capacity\":{},\"service_ms\":{},\"rpm\":{},\"calls_per_client\":{},\"seed\":{},\"strategies\":[{}]}}",
            self.model,
            self.clients.clamp(1, 1_000),
            self.capacity.max(1),
            self.service_ms.max(1),
            self.rpm.max(1),
            self.calls_per_client.clamp(1, 100),
            self.seed,
            strategies.join(",")
        )
    }
}

/// One policy's row.
#[derive(Clone, PartialEq, Debug)]
pub struct SimRow {
    pub policy: String,
    pub success_rate: f64,
    pub calls: f64,
    pub wasted_calls: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The worker's answer: rows, or the error it reported.
pub fn parse_results(text: &str) -> Result<Vec<SimRow>, String> {
    let root = json::parse(text).map_err(|_| "the simulator's answer is not JSON".to_string())?;
    if let Some(e) = root.get("error").and_then(Node::as_str) {
        return Err(e.to_string());
    }
    let num = |n: &Node, k: &str| n.get(k).and_then(Node::as_f64).unwrap_or(0.0);
    Ok(root
        .as_array()
        .unwrap_or(&[])
        .iter()
        .map(|n| SimRow {
            policy: n.get("policy").and_then(Node::as_str).unwrap_or("?").to_string(),
            success_rate: num(n, "success_rate"),
            calls: num(n, "calls"),
            wasted_calls: num(n, "wasted_calls"),
            p50_ms: num(n, "completion_ms_p50"),
            p99_ms: num(n, "completion_ms_p99"),
        })
        .collect())
}

/// The running worker and its message handler (kept alive with it). Options posted before the worker says it
/// is ready wait here, the latest only.
pub struct SimWorker {
    worker: Worker,
    queue: Rc<RefCell<Queue>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

#[derive(Default)]
struct Queue {
    ready: bool,
    pending: Option<String>,
}

impl SimWorker {
    /// Starts the worker; `on_result` gets each answer's text.
    pub fn start(on_result: impl Fn(String) + 'static) -> Result<SimWorker, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?;
        let queue = Rc::new(RefCell::new(Queue::default()));
        let on_message = {
            let (queue, worker) = (queue.clone(), worker.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let text = e.data().as_string().unwrap_or_default();
                if text == READY {
                    let mut q = queue.borrow_mut();
                    q.ready = true;
                    if let Some(options) = q.pending.take() {
                        let _ = worker.post_message(&JsValue::from_str(&options));
                    }
                } else {
                    on_result(text)
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(SimWorker {
            worker,
            queue,
            _on_message: on_message,
        })
    }

    pub fn run(&self, inputs: &SimInputs) {
        let options = inputs.to_json();
        let mut q = self.queue.borrow_mut();
        if q.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&options));
        } else {
            q.pending = Some(options);
        }
    }
}

impl Drop for SimWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
