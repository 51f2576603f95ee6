// Make this compile so that both products are printed.
#[derive(Clone, Copy)]
struct Product {
    name: String,
    price_cents: u32,
}

fn main() {
    let tea = Product { name: String::from("tea"), price_cents: 350 };
    let same_tea = tea;
    println!("{}: {} cents", tea.name, tea.price_cents);
    println!("{}: {} cents", same_tea.name, same_tea.price_cents);
}
