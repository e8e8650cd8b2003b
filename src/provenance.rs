//! Where a binary comes from: its version and git commit, written into every
//! output (`run.json`, `plan.json`'s identity, the report) so a result can be
//! traced to the code that produced it. The lowest layer: imports nothing.

/// The parcours version written into every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit the binary was built from, when known.
pub const GIT_COMMIT: Option<&str> = option_env!("PARCOURS_GIT_COMMIT");
