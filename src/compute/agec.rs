//! The loi AGEC art. 58 declaration of year N (§10): for each of the 17 product categories with
//! spending, the total HT of the marchés notified in N and its parts from réemploi or
//! réutilisation, from donations and with recycled materials — the rows of the data.gouv.fr
//! schema `schema-declaration-biens-reemploi-reutilisation-recycle` v0.1.0, in the arrêté's order.

use super::population::NotifiedByYear;
use super::sum::ExactSum;
use crate::model::Purchase;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One category's spending in the year.
#[derive(Debug, Clone, PartialEq)]
pub struct AgecRow {
    /// The category, as the schema spells it.
    pub category: Arc<str>,
    /// The marchés counted.
    pub contracts: usize,
    /// The marchés counted without an amount (left out of the totals).
    pub without_amount: usize,
    /// Montant total HT.
    pub total: Decimal,
    /// Réemploi et réutilisation HT.
    pub reemploi: Decimal,
    /// Produits issus de dons HT.
    pub don: Decimal,
    /// Produits intégrant des matières recyclées HT.
    pub recycle: Decimal,
}

impl AgecRow {
    /// The share of the total a part is, in percent; `None` for a total of zero.
    pub fn share(&self, part: Decimal) -> Option<Decimal> {
        (!self.total.is_zero()).then(|| (part * Decimal::ONE_HUNDRED / self.total).round_dp(1))
    }
}

/// The declaration of one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgecDeclaration {
    /// Year N.
    pub year: i32,
    /// One row per category with at least one marché, in the arrêté's order.
    pub rows: Vec<AgecRow>,
    /// Goods notified in N with a réemploi, don or recyclé part and no category: left out of
    /// the declaration, and said so.
    pub uncategorised: usize,
}

/// The value of goods of none of the 17 categories (enrobés, denrées): never declared.
pub const OUT_OF_SCOPE: &str = "Hors champ AGEC";

/// The declaration of `year` over the marchés notified in it that name a category; `order` is
/// the categories' order (the catalogue's enumeration).
pub fn declaration(notified: &NotifiedByYear<'_>, year: i32, order: &[&str]) -> AgecDeclaration {
    let mut sums: Vec<Option<Sums>> = vec![None; order.len()];
    let mut uncategorised = 0;
    for purchase in notified.year(year) {
        let Some(category) = purchase.categorie_agec.as_ref() else {
            uncategorised += usize::from(purchase.is_agec_goods() && purchase.has_agec_part());
            continue;
        };
        if **category == *OUT_OF_SCOPE {
            continue;
        }
        // A label outside the order (a synonym added in spaser.toml) goes last, in its own row.
        let at = order.iter().position(|c| **c == **category).unwrap_or(order.len());
        if at == sums.len() {
            sums.push(None);
        }
        sums[at].get_or_insert_with(|| Sums::new(category)).add(purchase);
    }
    AgecDeclaration {
        year,
        rows: sums.into_iter().flatten().map(Sums::row).collect(),
        uncategorised,
    }
}

#[derive(Debug, Clone)]
struct Sums {
    category: Arc<str>,
    contracts: usize,
    without_amount: usize,
    total: ExactSum,
    reemploi: ExactSum,
    don: ExactSum,
    recycle: ExactSum,
}

impl Sums {
    fn new(category: &Arc<str>) -> Self {
        Sums {
            category: Arc::clone(category),
            contracts: 0,
            without_amount: 0,
            total: ExactSum::default(),
            reemploi: ExactSum::default(),
            don: ExactSum::default(),
            recycle: ExactSum::default(),
        }
    }

    fn add(&mut self, purchase: &Purchase) {
        self.contracts += 1;
        match purchase.montant_ht {
            Some(amount) => self.total.add(amount),
            None => self.without_amount += 1,
        }
        for (sum, part) in [
            (&mut self.reemploi, purchase.montant_reemploi),
            (&mut self.don, purchase.montant_don),
            (&mut self.recycle, purchase.montant_recycle),
        ] {
            if let Some(part) = part {
                sum.add(part);
            }
        }
    }

    fn row(self) -> AgecRow {
        let total = |sum: &ExactSum| sum.total().unwrap_or_default();
        AgecRow {
            total: total(&self.total),
            reemploi: total(&self.reemploi),
            don: total(&self.don),
            recycle: total(&self.recycle),
            category: self.category,
            contracts: self.contracts,
            without_amount: self.without_amount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn purchase(category: Option<&str>, year: i32, amounts: [Option<Decimal>; 4]) -> Purchase {
        Purchase {
            statut: "Notifié".into(),
            date_notification: NaiveDate::from_ymd_opt(year, 3, 1),
            categorie_agec: category.map(Arc::from),
            montant_ht: amounts[0],
            montant_reemploi: amounts[1],
            montant_don: amounts[2],
            montant_recycle: amounts[3],
            ..Purchase::default()
        }
    }

    const ORDER: [&str; 3] = ["Matériel informatique et téléphonie", "Papier", "Mobilier urbain"];

    #[test]
    fn each_category_of_the_year_sums_its_marches_in_the_arretes_order() {
        let purchases = vec![
            purchase(Some("Papier"), 2024, [Some(dec!(1000)), None, None, Some(dec!(400))]),
            purchase(
                Some("Matériel informatique et téléphonie"),
                2024,
                [Some(dec!(50000)), Some(dec!(12000.50)), Some(dec!(500)), None],
            ),
            purchase(Some("Papier"), 2024, [Some(dec!(2000)), None, None, Some(dec!(2000))]),
            purchase(Some("Papier"), 2023, [Some(dec!(9999)), None, None, None]),
            purchase(None, 2024, [Some(dec!(7777)), Some(dec!(7777)), None, None]),
            purchase(Some("Papier"), 2024, [None, None, None, None]),
            purchase(Some(OUT_OF_SCOPE), 2024, [Some(dec!(500)), Some(dec!(100)), None, None]),
        ];
        let notified = NotifiedByYear::of(&purchases);
        let declared = declaration(&notified, 2024, &ORDER);
        let rows: Vec<(&str, usize, usize, Decimal, Decimal, Decimal, Decimal)> = declared
            .rows
            .iter()
            .map(|r| {
                (
                    &*r.category,
                    r.contracts,
                    r.without_amount,
                    r.total,
                    r.reemploi,
                    r.don,
                    r.recycle,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Matériel informatique et téléphonie",
                    1,
                    0,
                    dec!(50000),
                    dec!(12000.50),
                    dec!(500),
                    dec!(0)
                ),
                ("Papier", 3, 1, dec!(3000), dec!(0), dec!(0), dec!(2400)),
            ]
        );
        assert_eq!(declared.rows[1].share(declared.rows[1].recycle), Some(dec!(80.0)));
        assert_eq!(declared.uncategorised, 0, "the uncategorised row is not goods");
    }
}
