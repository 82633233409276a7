use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    crate::input::usage_error("`triage validate` is not built yet")
}
