// `announce` should accept anything that can be shown to a user. Make it compile.
fn announce<T>(item: T) {
    println!("New item: {}", item); //~ ERROR `T` doesn't implement `std::fmt::Display` [E0277]
}

fn main() {
    announce("coffee");
    announce(42);
}
