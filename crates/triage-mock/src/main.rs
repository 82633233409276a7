//! `triage-mock`: serve the mock API until Ctrl-C or SIGTERM. Flags and scenarios: see the library docs.

use std::process::ExitCode;

use clap::Parser;
use triage_mock::Config;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if let Err(message) = config.check_bind_address() {
        eprintln!("triage-mock: {message}");
        return ExitCode::from(2);
    }
    let listener = match triage_mock::listen(config.addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("triage-mock: cannot listen on {}: {error}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => eprintln!("triage-mock listening on http://{addr}"),
        Err(_) => eprintln!("triage-mock listening on http://{}", config.addr),
    }
    match triage_mock::serve(config, listener, shutdown_signal()).await {
        Ok(()) => {
            eprintln!("triage-mock: stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("triage-mock: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
