#[derive(Clone, Copy)]
struct Point {
    x: i32,
    y: i32,
}

fn main() {
    let a = 5;
    let b = a; // an integer is copied: `a` is still valid
    println!("a = {}, b = {}", a, b);

    let p = Point { x: 1, y: 2 };
    let q = p; // copied, because `Point` is `Copy`
    println!("p = ({}, {})", p.x, p.y);
    println!("q = ({}, {})", q.x, q.y);
}
