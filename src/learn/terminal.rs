//! The terminal side of `learn`: single keys read in raw mode (crossterm) on a thread of
//! their own, the raw mode switched off again however `learn` ends, a writer that puts
//! back the carriage returns raw mode stops adding, and whether the terminal shows ANSI
//! escape codes (a Windows console is switched to them first).

use std::io::{self, Write};
use std::sync::mpsc::Sender;
use std::thread;

use super::viewport::Size;
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};

/// A key the learn loop acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// `n`: next exercise (or skip this one).
    Next,
    /// `h`: show or hide the hint.
    Hint,
    /// `l`: show or hide the list.
    List,
    /// `r`: reset, after confirmation.
    Reset,
    /// `y`: confirm.
    Yes,
    /// `q`, Esc or Ctrl-C.
    Quit,
    /// ↓ or `j`: scroll one line down.
    Down,
    /// ↑ or `k`: scroll one line up.
    Up,
    /// Page Down or space: scroll a page down.
    PageDown,
    /// Page Up: scroll a page up.
    PageUp,
    /// The terminal was resized: draw again.
    Redraw,
    /// Anything else.
    Other,
}

impl Key {
    /// The key a character stands for.
    pub(crate) fn from_char(c: char) -> Key {
        match c.to_ascii_lowercase() {
            'n' => Key::Next,
            'h' => Key::Hint,
            'l' => Key::List,
            'r' => Key::Reset,
            'y' => Key::Yes,
            'q' => Key::Quit,
            'j' => Key::Down,
            'k' => Key::Up,
            ' ' => Key::PageDown,
            _ => Key::Other,
        }
    }
}

/// Whether the terminal shows ANSI escape codes (colour, clearing the screen). A Windows
/// console shows them once switched to virtual-terminal processing, which this does:
/// Windows Terminal has it on already, the classic console (conhost) since Windows 10 can
/// be switched, and a terminal that says `TERM` (Git Bash, say) is believed. Elsewhere
/// every terminal shows them.
pub(crate) fn shows_ansi() -> bool {
    #[cfg(windows)]
    return crossterm::ansi_support::supports_ansi();
    #[cfg(not(windows))]
    return true;
}

/// Raw mode for as long as this value lives.
#[derive(Debug)]
pub(crate) struct RawMode(());

impl RawMode {
    /// Switches the terminal to raw mode: keys arrive one by one, unechoed.
    pub(crate) fn enable() -> io::Result<RawMode> {
        // The screen is cleared and coloured with escape codes (`screen::CLEAR`).
        shows_ansi();
        crossterm::terminal::enable_raw_mode().map(|()| RawMode(()))
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // Nothing more can be done if the terminal refuses; it is going away anyway.
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Reads keys on a thread and sends them through `sender` until the receiver is gone.
pub(crate) fn spawn_keys<E: Send + 'static>(sender: Sender<E>, wrap: fn(Key) -> E) {
    thread::spawn(move || loop {
        let key = match event::read() {
            Ok(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Quit,
                KeyCode::Char(c) => Key::from_char(c),
                KeyCode::Esc => Key::Quit,
                KeyCode::Down => Key::Down,
                KeyCode::Up => Key::Up,
                KeyCode::PageDown => Key::PageDown,
                KeyCode::PageUp => Key::PageUp,
                _ => Key::Other,
            },
            Ok(TermEvent::Resize(..)) => Key::Redraw,
            Ok(_) => continue,
            Err(_) => Key::Quit,
        };
        if sender.send(wrap(key)).is_err() || key == Key::Quit {
            return;
        }
    });
}

/// The terminal's size, when stdout is one that tells it.
pub(crate) fn size() -> Option<Size> {
    let (cols, rows) = crossterm::terminal::size().ok()?;
    (cols > 0 && rows > 0).then_some(Size {
        cols: usize::from(cols),
        rows: usize::from(rows),
    })
}

/// Writes `\n` as `\r\n`, as a terminal in raw mode needs.
#[derive(Debug)]
pub(crate) struct CrLf<W: Write>(pub(crate) W);

impl<W: Write> Write for CrLf<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for part in buf.split_inclusive(|&b| b == b'\n') {
            match part.strip_suffix(b"\n") {
                Some(line) => {
                    self.0.write_all(line)?;
                    self.0.write_all(b"\r\n")?;
                }
                None => self.0.write_all(part)?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_get_carriage_returns() {
        let mut out = CrLf(Vec::new());
        write!(out, "a\nb\n\nc").expect("write");
        assert_eq!(out.0, b"a\r\nb\r\n\r\nc");
    }

    #[test]
    fn keys_are_case_insensitive() {
        assert_eq!(Key::from_char('N'), Key::Next);
        assert_eq!(Key::from_char('x'), Key::Other);
        assert_eq!(Key::from_char('j'), Key::Down);
        assert_eq!(Key::from_char(' '), Key::PageDown);
    }
}
