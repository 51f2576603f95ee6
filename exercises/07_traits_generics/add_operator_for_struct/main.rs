// Move a point by an offset with `+`. Make this compile and print `Point { x: 3, y: 3 }`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

fn main() {
    let start = Point { x: 1, y: 0 };
    let offset = Point { x: 2, y: 3 };
    println!("{:?}", start + offset);
}
