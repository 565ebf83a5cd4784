//! Human-readable output that cannot steer the terminal.
//!
//! Contract text, names and file names reach the terminal in `list`, `show`,
//! `people`, `audit log` and error messages. A title holding `ESC [ 2 J` or
//! an OSC sequence would clear the screen, retitle the window or hide the
//! line after it; a right-to-left override would reorder what follows. So
//! every human-readable line goes through [`visible`], which spells such
//! characters out (`\u{1b}`). JSON output does not: it escapes control
//! characters itself, and must hand scripts the stored text unchanged.

use std::borrow::Cow;

/// Whether printing `c` raw could act on the terminal or reorder the line.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that [`acts_on_terminal`] written as a
/// Rust-style escape; unchanged (and not copied) when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if acts_on_terminal(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// `rows` as lines of columns as wide as their longest value (two spaces
/// apart; the last column is not padded), so a long name never pushes the
/// rest of its row out of line. Columns listed in `right` are right-aligned
/// (numbers).
pub fn aligned(rows: &[Vec<String>], right: &[usize]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|row| row.get(i))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let last = row.len().saturating_sub(1);
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let pad = " ".repeat(widths[i] - cell.chars().count());
                    match (right.contains(&i), i == last) {
                        (true, _) => format!("{pad}{cell}"),
                        (false, false) => format!("{cell}{pad}"),
                        (false, true) => cell.clone(),
                    }
                })
                .collect();
            cells.join("  ")
        })
        .collect()
}

/// `println!` for human-readable output: see the module docs.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::terminal::visible(&format!($($arg)*)))
    };
}

/// `print!` for human-readable output: see the module docs.
macro_rules! say_part {
    ($($arg:tt)*) => {
        print!("{}", $crate::terminal::visible(&format!($($arg)*)))
    };
}

/// `eprintln!` for messages that may quote what the user gave.
macro_rules! say_err {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::terminal::visible(&format!($($arg)*)))
    };
}

pub(crate) use {say, say_err, say_part};

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn escapes_and_overrides_are_spelled_out_and_plain_text_is_untouched() {
        assert_eq!(visible("plain\ttext\nnext line"), "plain\ttext\nnext line");
        assert_eq!(visible("\u{1b}[2Jcleared"), "\\u{1b}[2Jcleared");
        assert_eq!(
            visible("bell\u{7} cr\r del\u{7f}"),
            "bell\\u{7} cr\\u{d} del\\u{7f}"
        );
        assert_eq!(visible("invoice\u{202e}gnp.exe"), "invoice\\u{202e}gnp.exe");
        assert_eq!(visible("مرحبا 👩‍💻 é"), "مرحبا 👩‍💻 é");
        assert!(matches!(visible("no copy"), std::borrow::Cow::Borrowed(_)));
    }
}
