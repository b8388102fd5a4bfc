//! The §9 limits a workbook is held to before it is loaded: what a file may weigh, what a zip
//! part may inflate to, how many rows, columns and cells a sheet may hold, how large its shared
//! strings may be, and what its merged regions may cost. The defaults are the specification's;
//! `[limites]` in `spaser.toml` raises (or lowers) them.

/// What reading accepts of a file before loading it (§9): sizes, rows, columns, cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// A workbook larger than this is refused before being opened.
    pub file_bytes: u64,
    /// A zip part that would inflate to more than this is refused.
    pub entry_bytes: u64,
    /// A sheet with more rows is refused.
    pub rows: u32,
    /// A sheet with more columns is refused.
    pub columns: u32,
    /// A sheet whose values span more cells (rows × used columns) is refused.
    pub cells: u64,
    /// A `sharedStrings.xml` inflating to more than this is refused: the reader holds its
    /// strings in memory, several times its size.
    pub shared_strings_bytes: u64,
    /// What indexing a sheet's merged regions may cost (one unit per region and band of 64
    /// rows): thousands of real merges cost a few thousand.
    pub merge_bands: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            file_bytes: 200 * MIB,
            entry_bytes: 1024 * MIB,
            rows: 2_000_000,
            columns: 1_000,
            cells: 20_000_000,
            shared_strings_bytes: 512 * MIB,
            merge_bands: 1_000_000,
        }
    }
}

impl ReadLimits {
    /// Mebibytes, as messages and `spaser.toml` say them.
    pub fn mib(bytes: u64) -> u64 {
        bytes / MIB
    }

    /// Mebibytes to bytes.
    pub fn from_mib(mib: u64) -> u64 {
        mib.saturating_mul(MIB)
    }
}
