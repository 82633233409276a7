// What a hostile-corpus run must show, wherever it ran: no trap, no odd throw, and a module that still works.

import assert from "node:assert/strict";

export function checkHostile({ results, stillWorks }, host) {
  for (const r of results) {
    console.log(`  ${host}: ${r.name}: ${r.outcome} (${r.ms} ms)${r.message ? ` — ${r.message}` : ""}`);
  }
  assert.deepEqual(
    results.filter((r) => r.outcome !== "result" && r.outcome !== "error"),
    [],
  );
  assert.ok(results.length >= 25, `${results.length} cases`);
  assert.ok(stillWorks, "the module stopped answering after the corpus");
}
