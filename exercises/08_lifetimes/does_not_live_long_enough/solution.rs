fn main() {
    let longest_name;
    {
        let names = vec![String::from("Ana"), String::from("Bartholomew")];
        longest_name = names.iter().max_by_key(|n| n.len()).unwrap().clone();
    }
    println!("longest: {}", longest_name);
}
