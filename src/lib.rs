//! spaser reads the Excel workbooks that French public buyers' services keep (recensement of
//! purchases, suivi of the SPASER's actions), checks them cell by cell, and reports every
//! problem in French; it computes the year's indicators and statuses and writes the bilan.
//!
//! The data flows one way, one module per step:
//! [`scan`] → [`read`] → [`recognise`] → [`validate`], one file at a time behind the
//! [`source`] seam; then [`compute`] → [`write`](mod@write), the whole run being the [`pipeline`] that
//! `check`, `bilan` and `watch` share. Beneath them: the [`model`] (domain records), the
//! [`catalogue`] of columns (the shared vocabulary), [`diagnostic`]s (the shared output, shown by
//! [`render`]), [`config`] (`spaser.toml`) and [`normalise`]. Beside them: [`watch`] keeps the
//! bilan fresh and [`template`] writes the workbooks services fill, from the same catalogue. On
//! top: [`cli`] (clap only) → [`settings`] (checked) → [`commands`]. A module never imports one
//! above it (`tests/architecture.rs` holds the layers).

pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod config;
pub mod diagnostic;
pub mod exit;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod recognise;
pub mod render;
pub mod scan;
pub mod settings;
pub mod source;
pub mod template;
pub mod validate;
pub mod watch;
pub mod write;
