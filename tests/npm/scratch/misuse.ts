// Must NOT type-check: proves the declarations are specific (a `kind` is a union, not a string or any).
import { explain, type Kind } from "claude-triage";

const kind: Kind = "not_a_kind";
const e = explain("HTTP/1.1 529\r\n\r\n");
const n: number = e.title;
export { kind, n };
