//! Placeholder until the crate is written.
#![forbid(unsafe_code)]
