//! In-order delivery of work that finishes out of order: a row of slots, each waiting for
//! a known number of parts, handed over whole and in row order as soon as every slot
//! before it has been. `check` and `doc` collect the checks of each exercise (or block)
//! this way, and `grade` the exercises of each student.

/// Slots of parts, delivered in order.
#[derive(Debug)]
pub(crate) struct Ordered<P> {
    slots: Vec<Slot<P>>,
    /// The first slot not yet handed over.
    next: usize,
}

#[derive(Debug)]
struct Slot<P> {
    parts: Vec<Option<P>>,
    pending: usize,
}

impl<P> Ordered<P> {
    /// One slot per size, each waiting for that many parts (a slot of size 0 is ready at
    /// once).
    pub(crate) fn new(sizes: impl IntoIterator<Item = usize>) -> Ordered<P> {
        let slots = sizes
            .into_iter()
            .map(|size| Slot {
                parts: (0..size).map(|_| None).collect(),
                pending: size,
            })
            .collect();
        Ordered { slots, next: 0 }
    }

    /// Files part `part` of slot `slot`. A part filed twice replaces the first and counts
    /// once.
    pub(crate) fn put(&mut self, slot: usize, part: usize, value: P) {
        let slot = &mut self.slots[slot];
        if slot.parts[part].replace(value).is_none() {
            slot.pending -= 1;
        }
    }

    /// Every complete slot whose predecessors were all handed over, in order: its index
    /// and its parts.
    pub(crate) fn ready(&mut self) -> Vec<(usize, Vec<P>)> {
        let mut ready = Vec::new();
        while let Some(slot) = self.slots.get_mut(self.next) {
            if slot.pending > 0 {
                break;
            }
            let parts = std::mem::take(&mut slot.parts).into_iter().flatten();
            ready.push((self.next, parts.collect()));
            self.next += 1;
        }
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_come_out_in_order_once_complete() {
        let mut ordered = Ordered::new([2, 0, 1]);
        ordered.put(2, 0, "c");
        assert!(ordered.ready().is_empty(), "slot 0 is not complete");
        ordered.put(0, 1, "b");
        ordered.put(0, 0, "a");
        assert_eq!(
            ordered.ready(),
            [(0, vec!["a", "b"]), (1, vec![]), (2, vec!["c"])]
        );
        assert!(ordered.ready().is_empty(), "each slot is handed over once");
    }

    #[test]
    fn a_part_filed_twice_counts_once() {
        let mut ordered = Ordered::new([2]);
        ordered.put(0, 0, 1);
        ordered.put(0, 0, 2);
        assert!(ordered.ready().is_empty());
        ordered.put(0, 1, 3);
        assert_eq!(ordered.ready(), [(0, vec![2, 3])]);
    }

    #[test]
    fn empty_slots_are_ready_at_once() {
        let mut ordered: Ordered<()> = Ordered::new([0, 0]);
        assert_eq!(ordered.ready().len(), 2);
        assert!(Ordered::<()>::new([]).ready().is_empty());
    }
}
