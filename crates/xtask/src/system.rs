//! What a command needs from the machine beyond the cargo tools in [`crate::tools`]: Debian packages, Node.js and
//! rustup components. Checked before anything builds, so that a missing piece costs seconds, not a twenty-minute
//! run that fails at its last stages.
//!
//! As root with apt, missing packages are installed; otherwise the command stops with the exact line to run.

use crate::process::{cmd, exec, output};
use std::path::{Path, PathBuf};

/// A Debian package, known by the program it puts on the machine.
pub struct Package {
    pub apt: &'static str,
    /// Any of these paths means it is installed (Debian's name first).
    pub programs: &'static [&'static str],
}

pub const CHROMIUM: Package = Package {
    apt: "chromium",
    programs: &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
};
pub const CHROMEDRIVER: Package = Package {
    apt: "chromium-driver",
    programs: &["/usr/bin/chromedriver"],
};
/// The npm tests run `claude-triage/redis` against a real server (started by the tests on a free loopback port).
pub const REDIS: Package = Package {
    apt: "redis-server",
    programs: &["/usr/bin/redis-server"],
};
/// libfuzzer-sys compiles libFuzzer, which is C++.
pub const CXX: Package = Package {
    apt: "g++",
    programs: &["/usr/bin/g++", "/usr/bin/c++"],
};

impl Package {
    pub fn path(&self) -> Option<PathBuf> {
        self.programs.iter().map(PathBuf::from).find(|p| p.exists())
    }
}

/// The oldest Node.js the npm package, its tests and the build tools are tested with.
const NODE_MAJOR: u32 = 20;

/// Installs (as root, with apt) or asks for the packages that are missing, in one apt run.
pub fn ensure_packages(root: &Path, packages: &[&Package]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|p| p.path().is_none())
        .map(|p| p.apt)
        .collect();
    for p in packages.iter().filter(|p| p.path().is_some()) {
        println!("  ✓ {}", p.apt);
    }
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !can_apt_install(root) {
        return Err(format!(
            "missing {list}; install with `sudo apt-get install -y {list}` (Debian/Ubuntu), then run this again"
        ));
    }
    println!("  installing {list} with apt (one-time)…");
    let apt = |args: &[&str]| {
        let mut c = cmd("apt-get", args, root);
        c.env("DEBIAN_FRONTEND", "noninteractive");
        exec(c)
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q"];
    install.extend(&missing);
    apt(&install)?;
    match packages.iter().find(|p| p.path().is_none()) {
        Some(p) => Err(format!(
            "apt installed {} but none of {:?} exists",
            p.apt, p.programs
        )),
        None => Ok(()),
    }
}

fn can_apt_install(root: &Path) -> bool {
    let uid = output(cmd("id", &["-u"], root)).unwrap_or_default();
    uid.trim() == "0" && output(cmd("apt-get", &["--version"], root)).is_some()
}

/// Node.js and npm, which build tools (binaryen's wasm-opt) and the JavaScript tests come from.
pub fn ensure_node(root: &Path) -> Result<(), String> {
    let version = output(cmd("node", &["--version"], root)).unwrap_or_default();
    let major = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m >= NODE_MAJOR && output(cmd("npm", &["--version"], root)).is_some() => {
            println!("  ✓ node {}", version.trim());
            Ok(())
        }
        Some(_) => Err(format!(
            "node {} found; Node.js {NODE_MAJOR} or newer with npm is needed (from your package manager), then \
             run this again",
            version.trim()
        )),
        None => Err(format!(
            "node not found; install Node.js {NODE_MAJOR} or newer with npm (from your package manager), then \
             run this again"
        )),
    }
}

/// rustup components `cargo xtask test` runs (fmt, clippy); the wasm target is in [`crate::tools`].
pub fn ensure_rust_components(root: &Path, components: &[&str]) -> Result<(), String> {
    let installed = output(cmd("rustup", &["component", "list", "--installed"], root)).unwrap_or_default();
    for component in components {
        if installed.lines().any(|l| l.starts_with(component)) {
            println!("  ✓ rust component {component}");
        } else {
            println!("  installing rust component {component}…");
            exec(cmd("rustup", &["component", "add", component], root))?;
        }
    }
    Ok(())
}
