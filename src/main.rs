//! `statetrace`: switch CLI transcripts into per-site databases.

mod cli;
mod print;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("statetrace: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
