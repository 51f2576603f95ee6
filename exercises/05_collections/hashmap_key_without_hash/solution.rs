use std::collections::HashMap;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Cell {
    row: u8,
    col: u8,
}

fn main() {
    let mut visits = HashMap::new();
    for (row, col) in [(0, 0), (1, 2), (0, 0)] {
        *visits.entry(Cell { row, col }).or_insert(0) += 1;
    }
    println!("(0, 0) visited {} times", visits[&Cell { row: 0, col: 0 }]);
}
