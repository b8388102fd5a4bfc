//! spaser reads the Excel workbooks that French public buyers' services keep (recensement of
//! purchases, suivi of the SPASER's actions), checks them cell by cell, and reports every
//! problem in French.
//!
//! The data flows through one module per step:
//! [`scan`] → [`read`] → [`recognise`] → [`validate`] (assembled by [`inputs`]), with the
//! [`catalogue`] of columns as the shared vocabulary and [`diagnostic`]s as the shared output,
//! shown by [`render`]; then [`compute`] → [`write`] for the bilan. [`watch`] keeps the bilan
//! fresh and [`template`] writes the workbooks services fill, from the same catalogue.
//! [`cli`] and [`commands`] sit on top.

pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod config;
pub mod diagnostic;
pub mod exit;
pub mod inputs;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod read;
pub mod recognise;
pub mod render;
pub mod scan;
pub mod template;
pub mod validate;
pub mod watch;
pub mod write;
