//! A template's auxiliary sheets (`Notice`, `Listes`), from the sheet names kept with the
//! catalogue: they explain and feed the others, and hold no data.

use crate::catalogue::own_sheets;

/// Whether a sheet is one of the template's `Notice` / `Listes` sheets.
pub fn is_template_auxiliary(name: &str) -> bool {
    own_sheets::TEMPLATE_AUXILIARY.contains(&name)
}
