// Make this compile so that both products are printed.
#[derive(Debug, Clone, Copy)]
struct Product {
    name: String,
    price_cents: u32,
}

fn main() {
    let tea = Product { name: String::from("tea"), price_cents: 350 };
    let same_tea = tea;
    println!("{:?}", tea);
    println!("{:?}", same_tea);
}
