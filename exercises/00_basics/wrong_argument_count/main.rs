// Print the area of a 3 x 4 rectangle. Make this compile.
fn area(width: u32, height: u32) -> u32 {
    width * height
}

fn main() {
    let width = 3;
    println!("area: {}", area(width));
}
