mod shop {
    pub mod cart {
        pub struct Cart {
            pub items: Vec<String>,
        }
    }
}

use shop::cart::Cart;

fn main() {
    let cart = Cart { items: vec![String::from("tea"), String::from("mug")] };
    println!("{} items in the cart", cart.items.len());
}
