//! Recognising spaser's own outputs among the inputs, from the sheet names kept with the
//! catalogue: a bilan written by spaser (read back, it would count its purchases twice), and a
//! template's auxiliary sheets (they explain and feed the others, and hold no data).

use crate::catalogue::own_sheets;
use crate::read::Grid;

/// Whether a workbook is a bilan written by spaser: exactly the sheets of §6, in order (or
/// those of a bilan written by an earlier version, or of the companion Recensement workbook).
pub fn is_own_bilan(sheets: &[Grid]) -> bool {
    let names: Vec<&str> = sheets.iter().map(|g| g.name.as_str()).collect();
    names == own_sheets::BILAN
        || names == own_sheets::COMPANION
        || own_sheets::EARLIER_BILANS.contains(&names.as_slice())
}

/// Whether a sheet is one of the template's `Notice` / `Listes` sheets.
pub fn is_template_auxiliary(name: &str) -> bool {
    own_sheets::TEMPLATE_AUXILIARY.contains(&name)
}
