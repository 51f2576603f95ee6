// Make this compile so that it prints the longest name.
fn main() {
    let longest_name;
    {
        let names = vec![String::from("Ana"), String::from("Bartholomew")];
        longest_name = names.iter().max_by_key(|n| n.len()).unwrap();
    }
    println!("longest: {}", longest_name);
}
