//! The figures of the `Synthèse` sheet: actions counted by statut retenu (in total and per
//! axe, with the *taux d'atteinte global*) and the PNAD panel.

use super::population::{NotifiedByYear, gather, percentage};
use crate::model::{Purchase, Status};
use rust_decimal::Decimal;

/// The action statuses the Synthèse counts, in the order it shows them.
pub const COUNTED: [Status; 4] = [
    Status::Atteint,
    Status::PartiellementAtteint,
    Status::NonAtteint,
    Status::NonRenseigne,
];

/// Actions counted by statut retenu.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Atteint, Partiellement atteint, Non atteint, Non renseigné (order of [`COUNTED`]).
    pub counts: [usize; 4],
}

impl StatusCounts {
    /// Counts the given statuses (Sans cible is never an action status; it is not counted).
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Self {
        let mut counts = [0; 4];
        for status in statuses {
            if let Some(i) = COUNTED.iter().position(|s| *s == status) {
                counts[i] += 1;
            }
        }
        StatusCounts { counts }
    }

    /// The number of actions.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The count for one status.
    pub fn count(&self, status: Status) -> usize {
        COUNTED.iter().position(|s| *s == status).map_or(0, |i| self.counts[i])
    }

    /// Share of all actions with this status, in percent.
    pub fn share(&self, status: Status) -> Option<Decimal> {
        percentage(Decimal::from(self.count(status)), Decimal::from(self.total()))
    }

    /// *Taux d'atteinte global* = Atteint / (Atteint + Partiellement atteint + Non atteint), in
    /// percent; `None` when no action is assessed.
    pub fn global_rate(&self) -> Option<Decimal> {
        let assessed = self.counts[0] + self.counts[1] + self.counts[2];
        percentage(Decimal::from(self.counts[0]), Decimal::from(assessed))
    }
}

/// The PNAD 2022-2025 target for environmental considerations, in percent.
pub const PNAD_ENV_TARGET: Decimal = Decimal::ONE_HUNDRED;
/// The PNAD 2022-2025 target for social considerations, in percent.
pub const PNAD_SOCIAL_TARGET: Decimal = Decimal::from_parts(30, 0, 0, false, 0);

/// The PNAD panel for one year: notified purchases with a consideration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pnad {
    /// The year.
    pub year: i32,
    /// Purchases notified in the year.
    pub notified: usize,
    /// Of which with at least one environmental consideration.
    pub with_env: usize,
    /// Of which with at least one social consideration.
    pub with_social: usize,
}

impl Pnad {
    /// Counts the purchases notified in `year`.
    pub fn of(notified: &NotifiedByYear, year: i32) -> Self {
        let empty = || Pnad {
            year,
            notified: 0,
            with_env: 0,
            with_social: 0,
        };
        let add = |pnad: &mut Pnad, purchase: &Purchase| {
            pnad.notified += 1;
            pnad.with_env += usize::from(purchase.consideration_env());
            pnad.with_social += usize::from(purchase.consideration_sociale());
        };
        gather(notified.year(year), empty, add, |a, b| Pnad {
            notified: a.notified + b.notified,
            with_env: a.with_env + b.with_env,
            with_social: a.with_social + b.with_social,
            ..a
        })
    }

    /// Share with an environmental consideration, in percent.
    pub fn env_share(&self) -> Option<Decimal> {
        percentage(Decimal::from(self.with_env), Decimal::from(self.notified))
    }

    /// Share with a social consideration, in percent.
    pub fn social_share(&self) -> Option<Decimal> {
        percentage(Decimal::from(self.with_social), Decimal::from(self.notified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn taux_d_atteinte_global_is_atteint_over_the_three_assessed_statuses() {
        use Status::*;
        let counts = StatusCounts::of([
            Atteint,
            Atteint,
            PartiellementAtteint,
            NonAtteint,
            NonRenseigne,
            SansCible,
        ]);
        assert_eq!(counts.counts, [2, 1, 1, 1]);
        assert_eq!(counts.total(), 5);
        assert_eq!(counts.global_rate(), Some(dec!(50)));
        assert_eq!(counts.share(Atteint), Some(dec!(40)));
        assert_eq!(StatusCounts::of([NonRenseigne]).global_rate(), None);
    }

    #[test]
    fn pnad_targets_are_100_and_30_percent() {
        assert_eq!(PNAD_ENV_TARGET, dec!(100));
        assert_eq!(PNAD_SOCIAL_TARGET, dec!(30));
    }
}
