//! Seeded agent transcripts for the validate benchmark: a coding agent's Messages request as it resends it
//! every turn — a system prompt, a few tools with schemas, then user text, assistant text with `tool_use`,
//! `tool_result` blocks carrying command output and file contents (newlines, quotes, tabs and a little
//! non-ASCII, so escapes are as common as in real traffic), and a `cache_control` breakpoint near the end.
//! The same seed and message count always give the same bytes, so runs and machines compare.

/// The two sizes issue 26 measures: about 75 KB with 397 messages, and about 10 MB with 50,293.
pub const SIZES: &[(&str, usize)] = &[("75KB", 397), ("10MB", 50_293)];

/// A valid request with `messages` messages (odd counts end on a user turn, as a request must).
pub fn transcript(messages: usize, seed: u64) -> String {
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(messages * 220);
    out.push_str(r#"{"model":"claude-sonnet-4-5","max_tokens":8192,"stream":true,"#);
    out.push_str(r#""system":[{"type":"text","text":"#);
    string(&mut out, &SYSTEM.repeat(3));
    out.push_str(r#","cache_control":{"type":"ephemeral"}}],"tools":["#);
    for (i, (name, description, params)) in TOOLS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"name":"#);
        string(&mut out, name);
        out.push_str(r#","description":"#);
        string(&mut out, description);
        out.push_str(r#","input_schema":{"type":"object","properties":{"#);
        for (j, p) in params.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            string(&mut out, p);
            out.push_str(r#":{"type":"string","description":"#);
            string(&mut out, &format!("The {p} to use."));
            out.push('}');
        }
        out.push_str(r#"},"required":["#);
        string(&mut out, params[0]);
        out.push_str("]}}");
    }
    out.push_str(r#"],"messages":["#);
    // A turn is: user asks, then assistant/tool_result pairs until the assistant answers in text.
    let mut pending_tool: Option<String> = None;
    let mut tool_counter = 0u32;
    for i in 0..messages {
        if i > 0 {
            out.push(',');
        }
        let last = i + 1 == messages;
        if i % 2 == 0 {
            out.push_str(r#"{"role":"user","content":"#);
            match pending_tool.take() {
                Some(id) => {
                    out.push_str(r#"[{"type":"tool_result","tool_use_id":"#);
                    string(&mut out, &id);
                    out.push_str(r#","content":"#);
                    string(&mut out, &tool_output(&mut rng));
                    if rng.below(8) == 0 {
                        out.push_str(r#","is_error":true"#);
                    }
                    out.push('}');
                    if last {
                        out.push_str(
                            r#",{"type":"text","text":"Keep going.","cache_control":{"type":"ephemeral"}}"#,
                        );
                    }
                    out.push(']');
                }
                None => {
                    out.push_str(r#"[{"type":"text","text":"#);
                    string(&mut out, pick(&mut rng, ASKS));
                    out.push_str("}]");
                }
            }
            out.push('}');
        } else {
            out.push_str(r#"{"role":"assistant","content":["#);
            if rng.below(3) > 0 {
                out.push_str(r#"{"type":"text","text":"#);
                string(&mut out, pick(&mut rng, THOUGHTS));
                out.push_str("},");
            }
            // Most assistant turns call a tool; one in five answers and ends the turn.
            if rng.below(5) > 0 && i + 1 < messages {
                tool_counter += 1;
                let id = format!("toolu_01{:016X}{tool_counter:06}", rng.next());
                let (name, _, params) = TOOLS[rng.below(TOOLS.len() as u64) as usize];
                out.push_str(r#"{"type":"tool_use","id":"#);
                string(&mut out, &id);
                out.push_str(r#","name":"#);
                string(&mut out, name);
                out.push_str(r#","input":{"#);
                string(&mut out, params[0]);
                out.push(':');
                string(&mut out, pick(&mut rng, PATHS));
                out.push_str("}}");
                pending_tool = Some(id);
            } else {
                out.push_str(r#"{"type":"text","text":"Done: the tests pass now."}"#);
            }
            out.push_str("]}");
        }
    }
    out.push_str("]}");
    out
}

/// What a tool returned: usually a few lines, sometimes a whole file.
fn tool_output(rng: &mut Rng) -> String {
    let lines = match rng.below(20) {
        0 => 8 + rng.below(16),
        1..=4 => 2 + rng.below(3),
        _ => 1,
    };
    let mut text = String::new();
    for _ in 0..lines {
        text.push_str(pick(rng, OUTPUT_LINES));
        text.push('\n');
    }
    text
}

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

/// `s` as a JSON string literal.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// splitmix64: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SYSTEM: &str = "You are a coding agent working in a Rust repository. Read files before editing them, \
run the tests after every change, and explain what you did in one short paragraph. ";

const TOOLS: &[(&str, &str, &[&str])] = &[
    ("read_file", "Read a file from the workspace.", &["path", "range"]),
    (
        "run",
        "Run a shell command and return its output.",
        &["command", "cwd"],
    ),
    ("edit_file", "Replace text in a file.", &["path", "old", "new"]),
    (
        "search",
        "Search the workspace for a pattern.",
        &["pattern", "glob"],
    ),
];

const ASKS: &[&str] = &[
    "The test `parses_nested_arrays` fails on main, can you fix it?",
    "Add a `--json` flag to the CLI's validate command.",
    "Why does `cargo build` warn about an unused import in src/lib.rs?",
    "Rename `Checker::push` to `Checker::record` everywhere.",
];

const THOUGHTS: &[&str] = &[
    "Let me look at the file first.",
    "I'll run the tests to see the failure.",
    "The error comes from the span computation; checking the parser.",
    "Searching for other callers before renaming.",
];

const PATHS: &[&str] = &[
    "src/lib.rs",
    "src/json/parse.rs",
    "cargo test -q -p triage-core",
    "crates/triage-cli/src/main.rs",
    "fn check\\(",
];

const OUTPUT_LINES: &[&str] = &[
    "    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.42s",
    "test json::parse::tests::parses_values_with_spans ... ok",
    "error[E0425]: cannot find value `span` in this scope",
    "  --> src/json/parse.rs:118:9",
    "\tlet node = p.value(0)?;",
    "    assert_eq!(kind(r#\"{\"a\": [1, 2,]}\"#), K::TrailingComma);",
    "pub fn validate(text: &str) -> Report {",
    "// Columns count Unicode scalar values — “not bytes”.",
    "warning: unused import: `std::fmt`",
    "running 42 tests",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_near_the_issue_and_seeded() {
        for &(name, messages) in SIZES {
            let text = transcript(messages, 26);
            println!("{name}: {} bytes, {messages} messages", text.len());
            assert_eq!(text, transcript(messages, 26));
        }
        assert_ne!(transcript(5, 1), transcript(5, 2));
    }
}
