// `announce` should accept anything that can be shown to a user. Make it compile.
fn announce<T>(item: T) {
    println!("New item: {}", item);
}

fn main() {
    announce("coffee");
    announce(42);
}
