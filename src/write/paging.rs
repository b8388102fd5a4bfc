//! Where a sheet's printed pages break (§6): a block of rows (a fiche) is kept on one page when
//! it fits, a block taller than a page breaks between rows, never leaving its last row (the
//! statut retenu) alone at the top of a page, and each page a block lies on is given back so
//! that the fiche's label can be shown on each. Row heights are those the writer set, so the
//! pages are known before any program prints them.

use super::table::MARGIN_SIDE;

/// A4 landscape, in points.
const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);
/// Top and bottom margins, in inches (as `table::print_setup` sets them).
const MARGINS_TOP_BOTTOM: f64 = 0.5 + 0.6;
/// Points a column width unit takes once printed, the narrower of Excel's (5,25) and
/// LibreOffice's (5,62): the larger print scale it gives puts fewer rows on a page, so that
/// neither program breaks a page before these breaks.
const PT_PER_WIDTH_UNIT: f64 = 5.25;
/// Room kept at the foot of each page for what estimates cannot know (rounding of heights).
const SAFETY: f64 = 0.97;
/// Excel keeps at most this many manual page breaks in a sheet.
const MAX_BREAKS: usize = 1023;

/// The pages of a sheet, filled block by block.
#[derive(Debug, Clone)]
pub struct Pager {
    /// The height a page holds, in the sheet's points (before scaling), header row excluded.
    capacity: f64,
    /// The height used on the current page.
    used: f64,
    /// Rows before which a page breaks.
    breaks: Vec<u32>,
}

impl Pager {
    /// The pages of a sheet whose columns are `total_width` units wide, fitted to the page
    /// width, with a repeated header row `header_height` points high.
    pub fn fitted(total_width: f64, header_height: f64) -> Self {
        let printable_width = A4_LANDSCAPE.0 - 2.0 * MARGIN_SIDE * 72.0;
        let scale = (printable_width / (total_width * PT_PER_WIDTH_UNIT)).min(1.0);
        let printable_height = A4_LANDSCAPE.1 - MARGINS_TOP_BOTTOM * 72.0;
        Self::with_capacity(printable_height * SAFETY / scale - header_height)
    }

    /// Pages holding `capacity` points of rows each.
    pub fn with_capacity(capacity: f64) -> Self {
        Self {
            capacity: capacity.max(1.0),
            used: 0.0,
            breaks: Vec::new(),
        }
    }

    /// Places a block of rows from `top`, `heights` points high each; the rows (first, last) of
    /// each page it lies on.
    pub fn place(&mut self, top: u32, heights: &[f64]) -> Vec<(u32, u32)> {
        let Some(last) = heights.len().checked_sub(1) else {
            return Vec::new();
        };
        let total: f64 = heights.iter().sum();
        if self.used > 0.0 && self.used + total > self.capacity && total <= self.capacity {
            self.break_before(top);
        }
        let mut segments = Vec::new();
        let mut start = top;
        for (i, height) in heights.iter().enumerate() {
            let row = top + i as u32;
            if self.used > 0.0 && self.used + height > self.capacity {
                // The block's last row goes over with the row before it, when that row is not
                // already first on its page.
                let at = if i == last && i > 0 && row - 1 > start {
                    row - 1
                } else {
                    row
                };
                if at > start {
                    segments.push((start, at - 1));
                }
                self.break_before(at);
                start = at;
                if at < row {
                    self.used = heights[i - 1];
                }
            }
            self.used += height;
        }
        segments.push((start, top + last as u32));
        segments
    }

    fn break_before(&mut self, row: u32) {
        if self.breaks.len() < MAX_BREAKS && self.breaks.last() != Some(&row) {
            self.breaks.push(row);
        }
        self.used = 0.0;
    }

    /// Rows before which a page breaks.
    pub fn breaks(&self) -> &[u32] {
        &self.breaks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_that_fits_on_a_page_is_kept_whole_on_the_next_page() {
        let mut pager = Pager::with_capacity(100.0);
        assert_eq!(pager.place(1, &[30.0, 30.0]), [(1, 2)]);
        assert_eq!(pager.place(3, &[30.0, 30.0]), [(3, 4)], "starts on a new page");
        assert_eq!(pager.breaks(), [3]);
    }

    #[test]
    fn a_block_taller_than_a_page_breaks_between_rows_and_gives_each_page_its_rows() {
        let mut pager = Pager::with_capacity(100.0);
        assert_eq!(
            pager.place(1, &[60.0, 60.0, 60.0, 10.0, 10.0]),
            [(1, 1), (2, 2), (3, 5)]
        );
        assert_eq!(pager.breaks(), [2, 3]);
    }

    #[test]
    fn the_last_row_of_a_block_never_starts_a_page_alone() {
        let mut pager = Pager::with_capacity(100.0);
        assert_eq!(pager.place(1, &[45.0, 45.0, 30.0]), [(1, 1), (2, 3)]);
        assert_eq!(pager.breaks(), [2], "the statut row goes over with the row before it");
    }

    #[test]
    fn a_sheet_fitted_to_a_wide_width_holds_more_sheet_points_a_page() {
        let narrow = Pager::fitted(100.0, 30.0).capacity;
        let wide = Pager::fitted(300.0, 30.0).capacity;
        assert!(wide > narrow * 2.0, "{narrow} {wide}");
    }
}
