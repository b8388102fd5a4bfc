//! spaser reads the Excel workbooks that French public buyers' services keep (recensement of
//! purchases, suivi of the SPASER's actions), checks them cell by cell, and reports every
//! problem in French; it computes the year's indicators and statuses and writes the bilan.
//!
//! The data flows one way, one module per step, in one run that `check`, `bilan` and `watch`
//! share: [`scan`] (spaser's own files left out, [`scan::own`]) → [`pipeline::load`] (each file
//! through [`source::load_file`]: [`read`] → [`recognise`] → [`validate`]; then checks across
//! files) → [`pipeline::year`] → [`compute`] → [`write`](mod@write) ([`pipeline::produce`]).
//! [`watch`] is a trigger and a [`pipeline::Cache`] around that run. Beneath them: the [`model`]
//! (domain records), the [`catalogue`] of columns, [`diagnostic`]s (shown by [`render`]),
//! [`config`] (`spaser.toml`) and [`normalise`]; beside them, [`template`] writes the workbooks
//! services fill, from the same catalogue. On top: [`cli`] (clap only) → [`settings`] (checked)
//! → [`commands`], each run under [`contain`] (a worker process whose reading of one input may
//! die without ending the command). A module never imports one above it (`tests/architecture.rs` holds the
//! layers; `docs/architecture.md` draws them).

pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod config;
pub mod contain;
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
