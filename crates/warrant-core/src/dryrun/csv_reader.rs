//! A CSV reader that remembers what the `csv` crate forgets: whether a cell
//! was quoted (a quoted cell is always text, so `"0.95"` and `"007"` can be
//! kept as written) and, when a quote is never closed, the line where it
//! opened (instead of one cell silently swallowing the rest of the file).
//!
//! RFC 4180 with the leniencies exports need: `\n` or `\r\n` line ends,
//! blank lines skipped, spaces around an unquoted cell trimmed, spaces
//! around a quoted cell ignored, a byte-order mark at the start skipped.
//! Rows are read into one reused buffer; nothing is held beyond a row.

use std::io::{self, BufRead};

/// One cell's place in [`CsvRow`]'s text, and whether it was quoted.
#[derive(Debug, Clone, Copy)]
struct Cell {
    start: usize,
    end: usize,
    quoted: bool,
}

/// The cells of one row, borrowed by records. The bytes are checked as
/// UTF-8 once per row ([`CsvRow::text`]).
#[derive(Debug, Default)]
pub struct CsvRow {
    bytes: Vec<u8>,
    cells: Vec<Cell>,
}

impl CsvRow {
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Cell `index` as text, and whether it was quoted. Only for a row whose
    /// [`CsvRow::utf8_problem`] is `None`.
    pub fn get(&self, index: usize) -> Option<(&str, bool)> {
        let cell = self.cells.get(index)?;
        let text = std::str::from_utf8(&self.bytes[cell.start..cell.end]).ok()?;
        Some((text, cell.quoted))
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        (0..self.cells.len()).filter_map(|i| self.get(i))
    }

    /// The 0-based index of the first cell that is not UTF-8 text.
    pub fn utf8_problem(&self) -> Option<usize> {
        let error = std::str::from_utf8(&self.bytes).err()?;
        let at = error.valid_up_to();
        self.cells
            .iter()
            .position(|c| at < c.end.max(c.start + 1))
            .or(Some(self.cells.len().saturating_sub(1)))
    }
}

/// What [`CsvReader::read_row`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum RowRead {
    /// A row, starting on this 1-based line.
    Row {
        line: u64,
    },
    /// A quote opened cell `cell` (1-based) on `line` and the file ended
    /// before it closed; `last_line` is the file's last line.
    UnclosedQuote {
        line: u64,
        cell: usize,
        last_line: u64,
    },
    End,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before a cell's first non-space byte.
    CellStart,
    Unquoted,
    Quoted,
    /// Just after a `"` inside a quoted cell: a second `"` is a literal one.
    AfterQuote,
}

pub struct CsvReader<R> {
    input: R,
    /// Lines consumed so far.
    line: u64,
    at_start: bool,
    /// Whether the last byte consumed was a line end, to number the last line.
    after_line_end: bool,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(input: R) -> Self {
        CsvReader {
            input,
            line: 0,
            at_start: true,
            after_line_end: true,
        }
    }

    pub fn get_ref(&self) -> &R {
        &self.input
    }

    /// Reads the next non-blank row into `row`.
    pub fn read_row(&mut self, row: &mut CsvRow) -> io::Result<RowRead> {
        if self.at_start {
            self.at_start = false;
            let head = self.input.fill_buf()?;
            if head.starts_with(b"\xEF\xBB\xBF") {
                self.input.consume(3);
            }
        }
        loop {
            row.bytes.clear();
            row.cells.clear();
            let mut first_line = self.line + 1;
            let mut state = State::CellStart;
            let mut cell = Cell {
                start: 0,
                end: 0,
                quoted: false,
            };
            let mut quote_line = first_line;
            let mut saw_anything = false;
            let mut ended = false;
            'read: loop {
                let chunk = self.input.fill_buf()?;
                if chunk.is_empty() {
                    break 'read;
                }
                let mut used = 0;
                for &byte in chunk {
                    used += 1;
                    if byte == b'\n' {
                        self.line += 1;
                    }
                    match state {
                        State::Quoted => match byte {
                            b'"' => state = State::AfterQuote,
                            _ => row.bytes.push(byte),
                        },
                        State::AfterQuote => match byte {
                            b'"' => {
                                row.bytes.push(b'"');
                                state = State::Quoted;
                            }
                            b',' => {
                                finish(row, &mut cell);
                                state = State::CellStart;
                            }
                            b'\n' => {
                                finish(row, &mut cell);
                                ended = true;
                                break;
                            }
                            b' ' | b'\t' | b'\r' => {}
                            // Text after the closing quote is kept, as
                            // spreadsheets do; the cell stays text.
                            _ => {
                                row.bytes.push(byte);
                                state = State::Unquoted;
                            }
                        },
                        State::CellStart => match byte {
                            b' ' | b'\t' => saw_anything = true,
                            b'\r' => {}
                            b'"' => {
                                saw_anything = true;
                                cell.start = row.bytes.len();
                                cell.quoted = true;
                                quote_line = self.line + 1;
                                state = State::Quoted;
                            }
                            b',' => {
                                saw_anything = true;
                                cell.start = row.bytes.len();
                                finish(row, &mut cell);
                            }
                            b'\n' => {
                                if saw_anything || !row.cells.is_empty() {
                                    cell.start = row.bytes.len();
                                    finish(row, &mut cell);
                                    ended = true;
                                    break;
                                }
                                // A blank line: the row starts on the next.
                                first_line = self.line + 1;
                            }
                            _ => {
                                saw_anything = true;
                                cell.start = row.bytes.len();
                                row.bytes.push(byte);
                                state = State::Unquoted;
                            }
                        },
                        State::Unquoted => match byte {
                            b',' => {
                                finish(row, &mut cell);
                                state = State::CellStart;
                            }
                            b'\n' => {
                                finish(row, &mut cell);
                                ended = true;
                                break;
                            }
                            b'\r' => {}
                            _ => row.bytes.push(byte),
                        },
                    }
                }
                self.after_line_end = chunk[used - 1] == b'\n';
                self.input.consume(used);
                if ended {
                    break 'read;
                }
            }
            if !ended {
                match state {
                    State::Quoted => {
                        return Ok(RowRead::UnclosedQuote {
                            line: quote_line,
                            cell: row.cells.len() + 1,
                            last_line: self.line + u64::from(!self.after_line_end),
                        });
                    }
                    State::CellStart if !saw_anything && row.cells.is_empty() => {
                        return Ok(RowRead::End)
                    }
                    State::CellStart => {
                        cell.start = row.bytes.len();
                        finish(row, &mut cell);
                    }
                    State::Unquoted => finish(row, &mut cell),
                    State::AfterQuote => finish(row, &mut cell),
                }
            }
            if row.cells.is_empty() {
                continue;
            }
            return Ok(RowRead::Row { line: first_line });
        }
    }
}

/// Closes the cell being read: its end is the buffer's end, less trailing
/// spaces for an unquoted cell.
fn finish(row: &mut CsvRow, cell: &mut Cell) {
    let mut end = row.bytes.len();
    if !cell.quoted {
        while end > cell.start && matches!(row.bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        row.bytes.truncate(end);
    }
    row.cells.push(Cell {
        start: cell.start,
        end,
        quoted: cell.quoted,
    });
    *cell = Cell {
        start: row.bytes.len(),
        end: 0,
        quoted: false,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Result<Vec<(String, bool)>, RowRead>> {
        let mut reader = CsvReader::new(text.as_bytes());
        let mut row = CsvRow::default();
        let mut out = Vec::new();
        loop {
            match reader.read_row(&mut row).unwrap() {
                RowRead::End => return out,
                RowRead::Row { .. } => {
                    out.push(Ok(row.iter().map(|(t, q)| (t.to_string(), q)).collect()))
                }
                other => {
                    out.push(Err(other));
                    return out;
                }
            }
        }
    }

    fn cells(v: &[(&str, bool)]) -> Vec<(String, bool)> {
        v.iter().map(|(t, q)| (t.to_string(), *q)).collect()
    }

    #[test]
    fn cells_remember_their_quotes() {
        let got =
            rows("\u{feff}a, b ,c\r\n\"0.95\", \"x,\"\"y\"\" \" ,\n\n\"multi\nline\",,\"\"\n");
        assert_eq!(
            got,
            vec![
                Ok(cells(&[("a", false), ("b", false), ("c", false)])),
                Ok(cells(&[("0.95", true), ("x,\"y\" ", true), ("", false)])),
                Ok(cells(&[("multi\nline", true), ("", false), ("", true)])),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_says_where_it_opened() {
        let got = rows("a,b\n1,2\n3,\"oops\n4,5\n6,7\n");
        let mut reader = CsvReader::new("a\n\n\nb\n".as_bytes());
        let mut row = CsvRow::default();
        assert_eq!(reader.read_row(&mut row).unwrap(), RowRead::Row { line: 1 });
        assert_eq!(reader.read_row(&mut row).unwrap(), RowRead::Row { line: 4 });
        assert_eq!(
            got[2],
            Err(RowRead::UnclosedQuote {
                line: 3,
                cell: 2,
                last_line: 5
            })
        );
    }

    #[test]
    fn the_last_row_needs_no_line_end() {
        assert_eq!(
            rows("a,b\n1,2"),
            vec![
                Ok(cells(&[("a", false), ("b", false)])),
                Ok(cells(&[("1", false), ("2", false)]))
            ]
        );
    }

    proptest::proptest! {
        /// Whatever the text of the cells (commas, quotes, line ends,
        /// spaces, any script), a file written by the `csv` crate reads
        /// back cell for cell: quoted cells exactly, unquoted ones trimmed.
        #[test]
        fn reads_back_what_a_csv_writer_wrote(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z ,\"\r\n\t\u{e9}\u{4e2d}0-9.]{0,8}", 3),
                1..6,
            ),
            always in proptest::bool::ANY,
        ) {
            let style = if always { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
            let mut writer = csv::WriterBuilder::new().quote_style(style).from_writer(Vec::new());
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let mut reader = CsvReader::new(&bytes[..]);
            let mut row = CsvRow::default();
            for expected in &rows {
                let read = reader.read_row(&mut row).unwrap();
                proptest::prop_assert!(matches!(read, RowRead::Row { .. }), "{:?} for {:?}", read, expected);
                let got: Vec<(String, bool)> = row.iter().map(|(t, q)| (t.to_string(), q)).collect();
                proptest::prop_assert_eq!(got.len(), expected.len());
                for ((text, quoted), want) in got.iter().zip(expected) {
                    if *quoted {
                        proptest::prop_assert_eq!(text, want);
                    } else {
                        proptest::prop_assert_eq!(text.as_str(), want.trim_matches([' ', '\t']));
                    }
                }
            }
            proptest::prop_assert_eq!(reader.read_row(&mut row).unwrap(), RowRead::End);
        }
    }
}
