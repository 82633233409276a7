// Runs in the browser page: the hostile corpus through the package imported by name.
import * as api from "claude-triage";
import { runHostile } from "./hostile.mjs";

window.hostile = await runHostile(api).catch((e) => ({ results: [], stillWorks: false, thrown: String(e) }));
