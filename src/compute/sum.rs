//! Exact sums of many decimals, fast: the mantissas of each scale are added as integers and the
//! scales put together once at the end (adding decimals of different scales one by one rescales
//! at every step, which is most of what a sum over a million purchases costs).

use rust_decimal::Decimal;

/// The scales a decimal can have: 0 to 28 digits after the point.
const SCALES: usize = 29;

/// A running sum of decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactSum {
    by_scale: [i128; SCALES],
    /// The scales added so far, one bit each: the total keeps the largest, like `+` does.
    scales: u32,
    overflow: bool,
}

impl Default for ExactSum {
    fn default() -> Self {
        ExactSum {
            by_scale: [0; SCALES],
            scales: 0,
            overflow: false,
        }
    }
}

impl ExactSum {
    /// Adds a value.
    pub fn add(&mut self, value: Decimal) {
        let scale = value.scale() as usize;
        match self.by_scale[scale].checked_add(value.mantissa()) {
            Some(sum) => self.by_scale[scale] = sum,
            None => self.overflow = true,
        }
        self.scales |= 1 << scale;
    }

    /// Adds the values of another sum (a sum over another part of the same list).
    pub fn merge(mut self, other: &ExactSum) -> ExactSum {
        for (mine, theirs) in self.by_scale.iter_mut().zip(&other.by_scale) {
            match mine.checked_add(*theirs) {
                Some(sum) => *mine = sum,
                None => self.overflow = true,
            }
        }
        self.scales |= other.scales;
        self.overflow |= other.overflow;
        self
    }

    /// The sum; `None` when it is beyond what a decimal holds.
    pub fn total(&self) -> Option<Decimal> {
        if self.overflow {
            return None;
        }
        (0..SCALES as u32)
            .filter(|scale| self.scales & (1 << scale) != 0)
            .try_fold(Decimal::ZERO, |sum, scale| {
                sum.checked_add(decimal(self.by_scale[scale as usize], scale)?)
            })
    }
}

impl FromIterator<Decimal> for ExactSum {
    fn from_iter<I: IntoIterator<Item = Decimal>>(values: I) -> Self {
        let mut sum = ExactSum::default();
        values.into_iter().for_each(|v| sum.add(v));
        sum
    }
}

/// `mantissa × 10^-scale` as a decimal, split into its whole and fractional parts when the
/// mantissa alone is too wide for one.
fn decimal(mantissa: i128, scale: u32) -> Option<Decimal> {
    if let Ok(value) = Decimal::try_from_i128_with_scale(mantissa, scale) {
        return Some(value);
    }
    let unit = 10i128.pow(scale);
    let whole = Decimal::try_from_i128_with_scale(mantissa / unit, 0).ok()?;
    let fraction = Decimal::try_from_i128_with_scale(mantissa % unit, scale).ok()?;
    whole.checked_add(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_sum_is_the_one_decimals_give_added_one_by_one_scale_included() {
        let values = [dec!(1.50), dec!(2), dec!(0.125), dec!(1234567.89), dec!(0.00)];
        let by_one = values.iter().fold(Decimal::ZERO, |s, v| s + v);
        let total = values.into_iter().collect::<ExactSum>().total();
        assert_eq!(total, Some(by_one));
        assert_eq!(total.map(|t| t.scale()), Some(by_one.scale()));
        assert_eq!(ExactSum::default().total(), Some(Decimal::ZERO));
    }

    #[test]
    fn a_sum_made_of_two_halves_is_the_sum_of_the_whole() {
        let values = [dec!(10.5), dec!(3), dec!(0.25), dec!(7.125)];
        let whole: ExactSum = values.into_iter().collect();
        let first: ExactSum = values[..2].iter().copied().collect();
        let second: ExactSum = values[2..].iter().copied().collect();
        assert_eq!(first.merge(&second).total(), whole.total());
    }

    #[test]
    fn a_sum_wider_than_one_mantissa_is_still_exact_and_one_beyond_decimals_is_none() {
        let big = dec!(79228162514264337593543950.335) / dec!(2);
        let sum: ExactSum = [big, big.round_dp(1), dec!(0.001)].into_iter().collect();
        assert_eq!(
            sum.total(),
            big.checked_add(big.round_dp(1))
                .and_then(|s| s.checked_add(dec!(0.001)))
        );
        let beyond: ExactSum = [Decimal::MAX, Decimal::MAX].into_iter().collect();
        assert_eq!(beyond.total(), None);
    }
}
