//! The two tab writers kubectl prints through.
//!
//! Both are Go's `text/tabwriter` algorithm (`Writer.format`,
//! `Writer.writeLines`): text is cut into lines at `\n` and into cells at
//! `\t`; a cell ended by a tab belongs to a column, the last cell of a line
//! does not and is never padded. A column is aligned over a run of
//! consecutive lines that all have a cell in it, and nested columns are
//! aligned within the runs of the column to their left. Padding is done
//! with spaces; cell widths count characters (runes).
//!
//! - `kubectl get`: `printers.GetNewTabWriter` (cli-runtime), i.e.
//!   `liggitt/tabwriter` with minwidth 6, padding 3 ([`get_table`]);
//! - `kubectl describe`: `tabbedString` in describe.go, i.e.
//!   `text/tabwriter` with minwidth 0, padding 2 ([`describe_tabs`]).

/// Formats tab-separated text (`\n`-terminated lines) like
/// `tabwriter.NewWriter(out, minwidth, _, padding, ' ', 0)` followed by
/// `Flush`.
pub fn tabwrite(text: &str, minwidth: usize, padding: usize) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut widths = Vec::new();
    let mut out = String::with_capacity(text.len() * 2);
    format_lines(
        &lines,
        0,
        lines.len(),
        &mut widths,
        minwidth,
        padding,
        &mut out,
    );
    if ends_with_newline {
        out.push('\n');
    }
    out
}

fn width(cell: &str) -> usize {
    cell.chars().count()
}

/// `Writer.format`: `widths` holds the widths of the columns to the left.
fn format_lines(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        // A cell in this column: print the lines before the block.
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + padding);
            this += 1;
        }
        widths.push(w);
        format_lines(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

/// `Writer.writeLines`: every line but the very last one gets its newline
/// here; [`tabwrite`] puts the final one back.
fn write_lines(
    lines: &[Vec<&str>],
    line0: usize,
    line1: usize,
    widths: &[usize],
    out: &mut String,
) {
    for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = widths.get(j) {
                if j + 1 < line.len() {
                    for _ in width(cell)..*w {
                        out.push(' ');
                    }
                }
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
}

/// describe's writer: `tabwriter.Init(buf, 0, 8, 2, ' ', 0)`.
pub fn describe_tabs(text: &str) -> String {
    tabwrite(text, 0, 2)
}

/// A `kubectl get` table: the header (upper-cased column names) and rows,
/// written through cli-runtime's tab writer (minwidth 6, padding 3).
/// Cells are cut at the first `\n`, `\r` or `\f` and get `...`, as
/// `printRows` in cli-runtime's tableprinter.go does; tabs inside a cell
/// become spaces so they cannot open a column.
pub fn get_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    let mut push_row = |cells: &mut dyn Iterator<Item = &str>| {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push('\t');
            }
            match cell.find(['\n', '\r', '\x0c']) {
                Some(cut) => {
                    text.push_str(&cell[..cut].replace('\t', " "));
                    text.push_str("...");
                }
                None => text.push_str(&cell.replace('\t', " ")),
            }
        }
        text.push('\n');
    };
    // `--no-headers` gives no header: the columns are as wide as the
    // rows alone need, since the header never reaches the tab writer.
    if !header.is_empty() {
        push_row(
            &mut header
                .iter()
                .map(|h| h.to_ascii_uppercase())
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        );
    }
    for row in rows {
        push_row(&mut row.iter().map(String::as_str));
    }
    tabwrite(&text, 6, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_table_widths() {
        let rows = vec![vec![
            "pi-9hnbk".to_string(),
            "0/1".into(),
            "Completed".into(),
            "0".into(),
            "2m".into(),
        ]];
        assert_eq!(
            get_table(&["Name", "Ready", "Status", "Restarts", "Age"], &rows),
            "NAME       READY   STATUS      RESTARTS   AGE\npi-9hnbk   0/1     Completed   0          2m\n"
        );
    }

    #[test]
    fn get_table_minimum_width_and_cut_cells() {
        let rows = vec![vec!["a".to_string(), "x\ny".into()]];
        assert_eq!(get_table(&["n", "m"], &rows), "N     M\na     x...\n");
    }

    #[test]
    fn describe_blocks() {
        let text = "Name:\tx\nLonger key:\ty\nBlock end\n  A:\t1\n\tcont\nEmpty:\t\n";
        assert_eq!(
            describe_tabs(text),
            "Name:        x\nLonger key:  y\nBlock end\n  A:    1\n        cont\nEmpty:  \n"
        );
    }

    #[test]
    fn nested_columns() {
        // The second column only spans the lines that have it.
        let text = "a\tb\tc\nlong\td\nx\tyy\tz\n";
        assert_eq!(tabwrite(text, 0, 1), "a    b c\nlong d\nx    yy z\n");
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(tabwrite("", 0, 2), "");
        assert_eq!(tabwrite("\n", 0, 2), "\n");
        assert_eq!(tabwrite("a\tb", 0, 2), "a  b");
        assert_eq!(tabwrite("\t\t\n", 0, 2), "    \n");
    }
}
