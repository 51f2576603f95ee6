// Store the favourite colour, then confirm what was stored. Make this compile.
use std::collections::HashMap;

fn main() {
    let field_name = String::from("Favorite color");
    let field_value = String::from("Blue");

    let mut map = HashMap::new();
    map.insert(field_name, field_value);
    println!("stored {} = {}", field_name, map["Favorite color"]);
}
