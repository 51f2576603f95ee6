use std::fmt::Display;

fn announce<T: Display>(item: T) {
    println!("New item: {}", item);
}

fn main() {
    announce("coffee");
    announce(42);
}
