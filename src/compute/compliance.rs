//! The loi Climat et résilience in figures (§11): every notified contract in scope with how it
//! meets each obligation, and for years N and N-1 (by notification year) how many are in scope
//! and fully compliant, in total and by service.

use super::population::percentage;
use crate::model::Purchase;
use crate::model::compliance::{self, Compliance, Thresholds};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One contract in scope.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractCompliance {
    /// The contract.
    pub purchase: Arc<Purchase>,
    /// How it meets each obligation.
    pub compliance: Compliance,
}

/// Contracts in scope and fully compliant, for one year or one service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Contracts in scope.
    pub in_scope: usize,
    /// Of which fully compliant.
    pub compliant: usize,
}

impl Tally {
    fn add(&mut self, compliant: bool) {
        self.in_scope += 1;
        self.compliant += usize::from(compliant);
    }

    /// The share fully compliant, in percent; `None` when none is in scope.
    pub fn share(&self) -> Option<Decimal> {
        percentage(Decimal::from(self.compliant), Decimal::from(self.in_scope))
    }
}

/// What the `Conformité 2026` sheet and the Synthèse show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComplianceSummary {
    /// Every contract in scope, in the recensement's order.
    pub contracts: Vec<ContractCompliance>,
    /// Years N and N-1, by notification year.
    pub years: [(i32, Tally); 2],
    /// Year N by service, in order of first appearance.
    pub by_service: Vec<(String, Tally)>,
}

/// Assesses every contract against the obligations.
pub fn summarise(purchases: &[Arc<Purchase>], thresholds: &Thresholds, year: i32) -> ComplianceSummary {
    let mut summary = ComplianceSummary {
        years: [(year, Tally::default()), (year - 1, Tally::default())],
        ..ComplianceSummary::default()
    };
    for purchase in purchases {
        let Some(compliance) = compliance::assess(purchase, thresholds) else {
            continue;
        };
        let compliant = compliance.is_compliant();
        let notified = purchase.date_notification.map(|d| d.year());
        for (y, tally) in &mut summary.years {
            if notified == Some(*y) {
                tally.add(compliant);
            }
        }
        if notified == Some(year) {
            match summary.by_service.iter_mut().find(|(s, _)| *s == purchase.service) {
                Some((_, tally)) => tally.add(compliant),
                None => {
                    let mut tally = Tally::default();
                    tally.add(compliant);
                    summary.by_service.push((purchase.service.clone(), tally));
                }
            }
        }
        summary.contracts.push(ContractCompliance {
            purchase: Arc::clone(purchase),
            compliance,
        });
    }
    summary
}
