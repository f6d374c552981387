//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped sample corpus.
pub fn samples() -> PathBuf {
    root().join("corpora/samples")
}

/// Runs the `statetrace` binary with telemetry redirected away from the
/// repository.
pub fn statetrace(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statetrace"))
        .args(args)
        .current_dir(cwd)
        .env_remove("STATETRACE_TELEMETRY_DIR")
        .output()
        .expect("run statetrace")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
