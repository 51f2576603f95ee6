// Implement `shoes_in_size` with iterator adapters, so that the exercise's tests pass.
#[derive(PartialEq, Debug)]
pub struct Shoe {
    pub size: u32,
    pub style: String,
}

/// The shoes of size `shoe_size`, in their original order.
pub fn shoes_in_size(shoes: Vec<Shoe>, shoe_size: u32) -> Vec<Shoe> {
    todo!("keep the {} shoes of size {shoe_size}", shoes.len())
}

fn main() {
    let shoes = vec![
        Shoe { size: 10, style: String::from("sneaker") },
        Shoe { size: 13, style: String::from("sandal") },
        Shoe { size: 10, style: String::from("boot") },
    ];
    println!("{:?}", shoes_in_size(shoes, 10));
}
