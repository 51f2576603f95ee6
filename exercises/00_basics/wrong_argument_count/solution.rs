fn area(width: u32, height: u32) -> u32 {
    width * height
}

fn main() {
    let width = 3;
    let height = 4;
    println!("area: {}", area(width, height));
}
