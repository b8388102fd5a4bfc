//! The commands: each takes checked settings, runs the flow, and returns an exit code. They
//! print; nothing below them does.

pub mod bilan;
pub mod check;
pub mod template;
