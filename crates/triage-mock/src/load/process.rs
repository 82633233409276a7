//! The mock as a separate process (the built binary), so that its memory is measured alone: started on a
//! free loopback port with its log in a file, read from `/proc/<pid>/status`, killed when dropped.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

/// How long the binary may take to print the address it listens on.
const START_TIMEOUT: Duration = Duration::from_secs(20);

pub struct MockProcess {
    child: Child,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

impl MockProcess {
    /// Starts `binary` with `args` after `--addr 127.0.0.1:0`, its stderr (the request log) into `log`.
    pub fn start(binary: &Path, args: &[String], log: &Path) -> Result<MockProcess, String> {
        let file = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut mock = MockProcess {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log: log.to_path_buf(),
        };
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let addr = text
                .lines()
                .find_map(|line| line.strip_prefix("triage-mock listening on http://"))
                .and_then(|addr| addr.trim().parse().ok());
            if let Some(addr) = addr {
                mock.addr = addr;
                return Ok(mock);
            }
            if let Ok(Some(status)) = mock.child.try_wait() {
                return Err(format!("triage-mock exited ({status}): {text}"));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!("triage-mock did not say where it listens: {text}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn memory(&self) -> Result<Memory, String> {
        Memory::of(self.pid())
    }

    /// Stops the process (its log is already on disk: one unbuffered write per line).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A process's resident memory now (`VmRSS`) and at its highest so far (`VmHWM`), in KiB.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Memory {
    pub rss_kib: u64,
    pub hwm_kib: u64,
}

impl Memory {
    pub fn of(pid: u32) -> Result<Memory, String> {
        let path = format!("/proc/{pid}/status");
        let status = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .ok_or_else(|| format!("no {name} in {path}"))
        };
        Ok(Memory {
            rss_kib: field("VmRSS:")?,
            hwm_kib: field("VmHWM:")?,
        })
    }
}
