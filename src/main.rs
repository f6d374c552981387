//! `statetrace`: switch CLI transcripts into per-site databases.

/// mimalloc instead of the C library's allocator: parsing and row planning
/// allocate about 2,000 small blocks per device, which cost glibc malloc
/// and free about 12% of a first ingest's instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` that ends the process quietly when standard output is closed
/// (`statetrace ... | head`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(e);
        }
    }};
}

/// `print!` with the same handling as `outln!`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(e);
        }
    }};
}

/// Standard output failed: a closed pipe ends the run quietly, anything
/// else is reported.
fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("statetrace: error: cannot write to standard output: {e}");
    std::process::exit(1);
}

mod cli;
mod maintain;
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
