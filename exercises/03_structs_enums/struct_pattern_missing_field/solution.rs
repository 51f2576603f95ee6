struct Point {
    x: i32,
    y: i32,
    z: i32,
}

fn main() {
    let p = Point { x: 0, y: 7, z: 120 };
    let Point { x, y, .. } = p;
    println!("on the map at ({}, {}), {} m up", x, y, p.z);
}
