//! The rewritten text. Each line of the file is a slot that may carry one annotation:
//! annotations that stay keep their slots; moved ones leave theirs (a line that held only
//! the annotation goes with it); moved and new ones go at the end of their target line
//! when it ends in code, else on a line of their own right after it, indented like it; and
//! every anchor is worked out again from the lines as they end up.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::annotation::comments::{tails, Tail};
use crate::model::annotation::parse::Anchor;
use crate::model::annotation::rewrite::plan::{Fate, Plan};
use crate::model::annotation::rewrite::written::{
    anchor_text, new_body, parts, renumbered, reworded, ui_test_style,
};
use crate::model::annotation::rewrite::Rewritten;
use crate::model::annotation::Annotation;

/// An annotation as it is to be written.
#[derive(Debug, Clone)]
struct Item {
    /// From its `//` to its anchor.
    head: String,
    /// After its anchor.
    body: String,
    /// Its anchor as written; `None` for a new annotation.
    written: Option<Anchor>,
    /// The line it points at, numbered as in the old text; `None` for `//~?`.
    target: Option<u32>,
    /// The blank space between the code and it, at the end of a line of code.
    gap: String,
}

/// One line of the new text.
#[derive(Debug, Clone, Default)]
struct Slot {
    /// Its text without the annotation it carries and without its line end.
    code: String,
    /// The annotation it carries.
    item: Option<Item>,
    /// Its line in the old text; `None` for a new line.
    old: Option<u32>,
    /// Its line end as written; empty for a new line, or a last line without one.
    end: String,
    /// Whether an annotation may be added at its end: it ends in code.
    open: bool,
    /// Whether it ends inside a token that goes on to the next line.
    inside: bool,
}

/// `text` rewritten by `plan`, whose fates are those of `annotations`.
pub(super) fn apply(text: &str, annotations: &[Annotation], plan: &Plan) -> Rewritten {
    let ui_test = ui_test_style(text, annotations);
    let (mut slots, mut placed) = slots(text, annotations, plan);
    placed.extend(plan.added.iter().map(|added| Item {
        head: "//~".to_owned(),
        body: new_body(added.kind, &added.message, ui_test),
        written: None,
        target: added.line,
        gap: " ".to_owned(),
    }));
    placed.sort_by_key(|item| (item.target.is_none(), item.target));
    for item in placed {
        place(&mut slots, item);
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Rewritten {
        text: render(&slots, newline, text.ends_with('\n')),
        origin: slots.iter().map(|s| s.old).collect(),
    }
}

/// The old text's lines as slots, with the annotations that stay on them; and the
/// annotations that leave their lines, to be placed.
fn slots(text: &str, annotations: &[Annotation], plan: &Plan) -> (Vec<Slot>, Vec<Item>) {
    let tails = tails(text);
    let targets = targets(annotations, plan);
    let on_line: BTreeMap<u32, usize> = annotations
        .iter()
        .enumerate()
        .map(|(i, a)| (a.at, i))
        .collect();
    let (mut slots, mut moved) = (Vec::new(), Vec::new());
    let mut start = 0;
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let content = piece.strip_suffix('\n').unwrap_or(piece);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let tail = tails.get(i).copied().unwrap_or(Tail::Open);
        let slot = Slot {
            code: content.to_owned(),
            item: None,
            old: Some(n),
            end: piece[content.len()..].to_owned(),
            open: tail == Tail::Open && !content.trim().is_empty(),
            inside: tail == Tail::Inside,
        };
        let line = Line {
            start,
            tail,
            targeted: targets.contains(&n),
        };
        start += piece.len();
        let Some(&a) = on_line.get(&n) else {
            slots.push(slot);
            continue;
        };
        let (slot, leaving) = settle(slot, text, &annotations[a], &plan.fates[a], &line);
        slots.extend(slot);
        moved.extend(leaving);
    }
    (slots, moved)
}

/// The lines annotations point at after the rewrite, numbered as in the old text.
fn targets(annotations: &[Annotation], plan: &Plan) -> BTreeSet<u32> {
    let kept = annotations
        .iter()
        .zip(&plan.fates)
        .filter_map(|(a, fate)| match fate {
            Fate::Keep | Fate::Reword(_) => a.line,
            Fate::Move(line) => Some(*line),
            Fate::Remove => None,
        });
    kept.chain(plan.added.iter().filter_map(|a| a.line))
        .collect()
}

/// What settling a line's annotation needs to know of the line.
struct Line {
    /// The byte offset of its start in the old text.
    start: usize,
    /// How it ends in the old text.
    tail: Tail,
    /// Whether an annotation points at it after the rewrite.
    targeted: bool,
}

/// The slot of a line carrying annotation `a`, once `fate` is settled (`None` when the
/// line held only the annotation and goes with it), and the annotation when it leaves for
/// another line. An annotation of its own line that moves stays there when its new target
/// lies the same way as its old one; one at the end of a line of code goes to its target.
fn settle(
    slot: Slot,
    text: &str,
    a: &Annotation,
    fate: &Fate,
    line: &Line,
) -> (Option<Slot>, Option<Item>) {
    let before = &text[line.start..a.span.0];
    let own_line = before.trim().is_empty();
    let code = if own_line { before } else { before.trim_end() };
    let cut = parts(&text[a.span.0..a.span.1]);
    let mut item = Item {
        head: cut.head.to_owned(),
        body: cut.body.to_owned(),
        written: Some(cut.anchor),
        target: a.line,
        gap: before[code.len()..].to_owned(),
    };
    let stays = match fate {
        Fate::Keep => true,
        Fate::Reword(words) => {
            item.body = reworded(cut.body, words);
            true
        }
        Fate::Move(to) => {
            item.target = Some(*to);
            let was = a.line.map_or(Ordering::Equal, |l| l.cmp(&a.at));
            own_line && to.cmp(&a.at) == was
        }
        Fate::Remove => false,
    };
    let code = code.to_owned();
    if stays {
        let slot = Slot {
            code,
            item: Some(item),
            open: false,
            ..slot
        };
        return (Some(slot), None);
    }
    if own_line {
        // At the end of a line of code, where it may land, it stands a space away.
        item.gap = " ".to_owned();
    }
    let leaving = (*fate != Fate::Remove).then_some(item);
    if own_line && !line.targeted {
        return (None, leaving);
    }
    let slot = Slot {
        code,
        open: !own_line && line.tail == Tail::Comment(a.span.0),
        ..slot
    };
    (Some(slot), leaving)
}

/// Puts a moved or new annotation at the end of its target line when that line ends in
/// code and carries none; else on a line of its own after it (after the string or block
/// comment that goes on from it, and after the lines of annotations pointing at it or
/// above), indented like it. One without a target line goes at the end.
fn place(slots: &mut Vec<Slot>, mut item: Item) {
    let found = item
        .target
        .and_then(|t| slots.iter().position(|s| s.old == Some(t)));
    item.gap = match found {
        Some(at) if slots[at].open && slots[at].item.is_none() => {
            slots[at].open = false;
            slots[at].item = Some(item);
            return;
        }
        _ => String::new(),
    };
    let Some(at) = found else {
        slots.push(Slot {
            item: Some(item),
            ..Slot::default()
        });
        return;
    };
    let mut after = at;
    while slots[after].inside && after + 1 < slots.len() {
        after += 1;
    }
    while slots
        .get(after + 1)
        .is_some_and(|s| follows(s, item.target))
    {
        after += 1;
    }
    let indent: String = slots[at]
        .code
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let slot = Slot {
        code: indent,
        item: Some(item),
        ..Slot::default()
    };
    slots.insert(after + 1, slot);
}

/// Whether `slot` is a line holding only an annotation that points at `target` or above:
/// a new annotation for `target` goes after it.
fn follows(slot: &Slot, target: Option<u32>) -> bool {
    let points = |item: &Item| item.target.is_some() && item.target <= target;
    slot.code.trim().is_empty() && slot.item.as_ref().is_some_and(points)
}

/// The text of `slots`: each annotation with the anchor that points at its target from
/// where it ends up; new lines end in `newline`, and the text ends in one when it did.
fn render(slots: &[Slot], newline: &str, final_newline: bool) -> String {
    let lines: BTreeMap<u32, u32> = (1..)
        .zip(slots)
        .filter_map(|(n, s)| Some((s.old?, n)))
        .collect();
    let mut out = String::new();
    // The target of the last annotation that is not a `|` one (`Some(None)`: one without
    // a line).
    let mut last: Option<Option<u32>> = None;
    for (i, slot) in slots.iter().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.push_str(&slot.code);
        if let Some(item) = &slot.item {
            let target = item.target.and_then(|t| lines.get(&t).copied());
            let after_annotation = i > 0 && slots[i - 1].item.is_some();
            let anchor = choose(item.written, n, target, last, after_annotation);
            if anchor != Anchor::Follow {
                last = Some(target);
            }
            out.push_str(&item.gap);
            out.push_str(&item.head);
            out.push_str(&anchor_text(anchor));
            out.push_str(&renumbered(&item.body, |old| lines.get(&old).copied()));
        }
        let end = if slot.end.is_empty() {
            newline
        } else {
            &slot.end
        };
        if i + 1 < slots.len() || final_newline {
            out.push_str(end);
        }
    }
    out
}

/// The anchor from line `n` to line `target`: the one written when it still points right
/// (`^` and `v` counted again), else `//~` on the line itself, `|` after an annotation
/// that points at the same line, or `^` or `v` counted.
fn choose(
    written: Option<Anchor>,
    n: u32,
    target: Option<u32>,
    last: Option<Option<u32>>,
    after_annotation: bool,
) -> Anchor {
    let Some(t) = target else {
        return Anchor::Unspanned;
    };
    match written {
        Some(Anchor::Follow) if last == Some(Some(t)) => return Anchor::Follow,
        Some(Anchor::Here) if t == n => return Anchor::Here,
        Some(Anchor::Up(_)) if t < n => return Anchor::Up(n - t),
        Some(Anchor::Down(_)) if t > n => return Anchor::Down(t - n),
        _ => {}
    }
    if t == n {
        Anchor::Here
    } else if after_annotation && last == Some(Some(t)) {
        Anchor::Follow
    } else if t < n {
        Anchor::Up(n - t)
    } else {
        Anchor::Down(t - n)
    }
}
