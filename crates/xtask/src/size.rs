//! The npm package's wasm sizes, and what each part of them costs: the report `cargo xtask bench`
//! prints after building the package as `cargo xtask dist` does.
//!
//! Each wasm is optimised a second time with its name section kept (the same passes, so the same code), every
//! function body and data segment is attributed to a part by its name (a core module, the boundary, the standard
//! library, …), and each part is deflated on its own. A part's own deflated size is an estimate of its share of the
//! gzipped file: parts compress a little better together than apart.

use crate::npm::{self, Wasm};
use flate2::{write::GzEncoder, Compression};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// The name an [`Item`] has when it is a data segment rather than a function.
const DATA_SEGMENT: &str = "data segment";

/// How many of the largest functions to name.
const LARGEST: usize = 12;

pub fn report(root: &Path) -> Result<(), String> {
    for wasm in npm::WASMS {
        let shipped = npm::packaged_wasm(root, wasm);
        let raw = fs::metadata(&shipped)
            .map_err(|e| format!("cannot read {}: {e}", shipped.display()))?
            .len();
        let gzip = npm::gzip_size(&shipped).ok_or("`gzip -9` gave no size")?;
        // No size goal: the 60 KB one was retired, and the package is built for speed (Cargo.toml, release-npm).
        println!("  {}_bg.wasm: {raw} B raw, {gzip} B gzip -9", wasm.out_name);
        let named = root.join(format!("target/size-{}.wasm", wasm.out_name));
        npm::optimise_keeping_names(root, &npm::staged_wasm(root, wasm), &named)?;
        let items = items(&read(&named)?).map_err(|e| format!("{}: {e}", named.display()))?;
        print_parts(&items);
        print_largest(&items, wasm);
    }
    Ok(())
}

/// One function body or data segment.
struct Item {
    name: String,
    bytes: Vec<u8>,
}

/// The module's function bodies (named from the name section) and data segments.
fn items(module: &[u8]) -> Result<Vec<Item>, wasmparser::BinaryReaderError> {
    let mut imported_functions = 0u32;
    let mut bodies = Vec::new();
    let mut names = BTreeMap::new();
    let mut items = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        match payload? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import?.ty, wasmparser::TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range()),
            Payload::DataSection(data) => {
                for segment in data {
                    items.push(Item {
                        name: DATA_SEGMENT.to_string(),
                        bytes: segment?.data.to_vec(),
                    });
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for subsection in reader {
                        if let Name::Function(map) = subsection? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (position, range) in bodies.into_iter().enumerate() {
        let index = imported_functions + position as u32;
        items.push(Item {
            name: names
                .remove(&index)
                .unwrap_or_else(|| format!("function {index}")),
            bytes: module.get(range).unwrap_or_default().to_vec(),
        });
    }
    Ok(items)
}

/// Which part of the code a function belongs to, from its (demangled) name.
fn part(name: &str) -> String {
    if name == DATA_SEGMENT {
        return "data: text and tables".to_string();
    }
    // wasm-bindgen's export shims: the export's Rust body, its argument reading and result writing are inlined
    // into them.
    if name.ends_with(" shim") {
        return "boundary: exports (with inlined callees)".to_string();
    }
    let path = owner_path(name);
    let mut segments = path.split("::");
    match (segments.next().unwrap_or_default(), segments.next()) {
        ("triage_core", Some(module)) => format!("core: {module}"),
        ("triage_wasm", Some(module)) => format!("boundary: {module}"),
        ("core" | "alloc" | "std", Some("fmt")) => "std: fmt".to_string(),
        ("core" | "alloc" | "std", Some("str" | "char" | "unicode")) => "std: str".to_string(),
        ("core" | "alloc" | "std", Some("panicking" | "panic" | "result" | "option")) => {
            "std: panics".to_string()
        }
        ("core" | "alloc" | "std", Some(module)) => format!("std: {module}"),
        ("serde" | "serde_core", _) => "serde".to_string(),
        ("wasm_bindgen" | "js_sys", _) => "wasm-bindgen runtime".to_string(),
        ("talc" | "lock_api" | "dlmalloc", _) => "allocator".to_string(),
        _ => "other".to_string(),
    }
}

/// The path that owns a function: `<Type as Trait>::f` and `<Type>::f` belong to `Type`, a blanket
/// `<T as Trait>::f` to `Trait`; crate disambiguators such as `core[c5930c85a12de822]` and `&`/`&mut`/`dyn`
/// prefixes are dropped.
fn owner_path(name: &str) -> String {
    let mut path = name.trim_start_matches('<');
    for prefix in ["&mut ", "&", "*const ", "*mut ", "dyn "] {
        path = path.strip_prefix(prefix).unwrap_or(path);
    }
    // A blanket impl (`<T as Trait>`) belongs to the trait's crate.
    if let Some((owner, trait_path)) = path.split_once(" as ") {
        if !owner.contains("::") {
            path = trait_path;
        }
    }
    let mut clean = String::new();
    let mut in_hash = false;
    for c in path.chars() {
        match c {
            '[' => in_hash = true,
            ']' => in_hash = false,
            _ if in_hash => {}
            _ => clean.push(c),
        }
    }
    clean
}

fn print_parts(items: &[Item]) {
    let mut parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for item in items {
        parts
            .entry(part(&item.name))
            .or_default()
            .extend_from_slice(&item.bytes);
    }
    let total: usize = parts.values().map(Vec::len).sum();
    let mut rows: Vec<(String, usize, usize)> = parts
        .into_iter()
        .map(|(name, bytes)| {
            let deflated = gzip_len(&bytes);
            (name, bytes.len(), deflated)
        })
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    println!(
        "    {:<44} {:>9} {:>6} {:>14}",
        "part", "raw B", "raw %", "gzip B alone"
    );
    for (name, raw, deflated) in rows {
        println!(
            "    {name:<44} {raw:>9} {:>5.1}% {deflated:>14}",
            100.0 * raw as f64 / total.max(1) as f64
        );
    }
}

fn print_largest(items: &[Item], wasm: &Wasm) {
    let mut functions: Vec<&Item> = items.iter().filter(|i| i.name != DATA_SEGMENT).collect();
    functions.sort_by_key(|f| std::cmp::Reverse(f.bytes.len()));
    println!("    largest functions in {}:", wasm.out_name);
    for item in functions.into_iter().take(LARGEST) {
        println!("      {:>7} B  {}", item.bytes.len(), short(&item.name));
    }
}

/// A function name without crate disambiguators and symbol hashes, cut to fit a line.
fn short(name: &str) -> String {
    let mut clean = owner_path(name);
    if let Some(at) = clean.rfind("::h") {
        let hash = &clean[at + 3..];
        if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) {
            clean.truncate(at);
        }
    }
    if clean.chars().count() > 100 {
        clean = clean.chars().take(99).chain(['…']).collect();
    }
    clean
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |out| out.len())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_attributed_to_the_module_that_owns_them() {
        let cases = [
            (
                "triage_core::request::validate::h3d1d3513211879dc",
                "core: request",
            ),
            (
                "<triage_wasm::ser::Compound as serde_core::ser::SerializeStruct>::serialize_field::h2",
                "boundary: ser",
            ),
            ("<core[c5930c85a12de822]::fmt::Formatter>::pad", "std: fmt"),
            ("core[c5930c85a12de822]::str::slice_error_fail", "std: str"),
            (
                "<&mut T as wasm_bindgen::convert::Foo>::bar",
                "wasm-bindgen runtime",
            ),
            ("talc::talc::Talc<O>::malloc::h8ee0c627ff242d49", "allocator"),
            (
                "explainRaw multivalue shim",
                "boundary: exports (with inlined callees)",
            ),
            ("data segment", "data: text and tables"),
        ];
        for (name, expected) in cases {
            assert_eq!(part(name), expected, "{name}");
        }
    }

    #[test]
    fn short_names_lose_hashes_and_disambiguators() {
        assert_eq!(
            short("<core[c5930c85a12de822]::str::pattern::StrSearcher>::new"),
            "core::str::pattern::StrSearcher>::new"
        );
        assert_eq!(
            short("triage_core::json::parse::Parser::value::h37d39e584d941fcd"),
            "triage_core::json::parse::Parser::value"
        );
    }

    #[test]
    fn a_module_yields_its_named_functions_and_data() {
        // (module (func $first) (func $second nop) (memory 1) (data (i32.const 0) "text")) with a name section.
        let module = tiny_module();
        let items = items(&module).expect("a valid module");
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["data segment", "first", "second"]);
        assert_eq!(items[0].bytes, b"text");
    }

    /// A hand-assembled module: two functions, one data segment, names for both functions.
    fn tiny_module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section = |m: &mut Vec<u8>, id: u8, body: &[u8]| {
            m.push(id);
            m.push(body.len() as u8);
            m.extend_from_slice(body);
        };
        section(&mut m, 1, &[1, 0x60, 0, 0]); // one type: [] -> []
        section(&mut m, 3, &[2, 0, 0]); // two functions of type 0
        section(&mut m, 5, &[1, 0, 1]); // memory, min 1 page
        section(&mut m, 10, &[2, 2, 0, 0x0b, 3, 0, 0x01, 0x0b]); // bodies: `end`; `nop end`
        section(&mut m, 11, &[1, 0, 0x41, 0, 0x0b, 4, b't', b'e', b'x', b't']);
        let mut names = vec![4, b'n', b'a', b'm', b'e'];
        let map = [
            2, 0, 5, b'f', b'i', b'r', b's', b't', 1, 6, b's', b'e', b'c', b'o', b'n', b'd',
        ];
        names.push(1); // function names subsection
        names.push(map.len() as u8);
        names.extend_from_slice(&map);
        section(&mut m, 0, &names);
        m
    }
}
