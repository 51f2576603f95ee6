// Print the point for debugging, and its distance from the origin. Make this compile.
struct Point {
    x: i32,
    y: i32,
}

fn main() {
    let p = Point { x: 3, y: -4 };
    println!("{:?} is {} blocks away", p, p.x.abs() + p.y.abs());
}
