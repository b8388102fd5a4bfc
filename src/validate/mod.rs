//! Validation: from recognised sheets to domain records (purchases, actions, indicators,
//! follow-ups), cell by cell and row by row, then across files. Every problem becomes a
//! diagnostic; a row with an error in a required field is left out and the diagnostic says so.

mod across_files;
mod axes;
pub mod bilan_table;
mod considerations;
pub mod consistency;
pub mod decp;
pub mod definitions;
pub mod fiche;
pub mod insertion;
pub mod plausibility;
pub mod recensement;
pub mod rows;
pub mod suivi;
