// The public API, shared by the Node and the browser entry points (which differ only in how they load the wasm).

export {
  validate,
  estimate,
  explainResponse,
  explainRaw,
  explainTransport,
  rateLimits,
  RetryPolicy,
  Admission,
  schedule,
  Usage,
  fleetStep,
  streamEventCarriesOutput,
} from "./triage_wasm.js";
export { explain } from "./explain.js";
export { createFetch, DeadlineExceededError, RequestValidationError } from "./fetch.js";
export { tabsCoordinator } from "./tabs.js";
