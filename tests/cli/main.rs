//! Integration tests: the real binary on real-layout workbooks, one module per SPEC section.

// Test helpers may panic: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod agec_rules;
mod amplification_rules;
mod benchmark_corpus;
mod bilan_rules;
mod codes_rules;
mod command_line_rules;
mod committee_rules;
mod companion_rules;
mod compliance_rules;
mod concession_rules;
mod contain_rules;
mod decp_rules;
mod diagnostics_rules;
mod document_print_rules;
mod document_rules;
mod empty_rules;
mod export_files_rules;
mod export_rules;
mod fiches_rules;
mod fixtures;
mod golden;
mod hostile_files;
mod hostile_rules;
mod insertion_rules;
mod no_panic;
mod print_rules;
mod reading_rules;
mod recensement_rules;
mod referentiel_rules;
mod samples;
mod scan_rules;
mod suivi_rules;
mod support;
mod template_rules;
mod trajectory_rules;
mod watch_rules;
