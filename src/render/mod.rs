//! Renderers of the diagnostic list. The same list is shown on the console (text), printed as
//! JSON for scripts, and (later) written to the bilan's `Anomalies` sheet.

pub mod json;
pub mod text;
