// Build the list 1, 2, 3 as a cons list and add it up. Make this compile.
enum List {
    Cons(i32, List),
    Nil,
}

use List::{Cons, Nil};

fn sum(list: &List) -> i32 {
    match list {
        Cons(value, rest) => value + sum(rest),
        Nil => 0,
    }
}

fn main() {
    let list = Cons(1, Cons(2, Cons(3, Nil)));
    println!("sum: {}", sum(&list));
}
