// Greet only adult members. This crate is on the 2021 edition: make it compile there.
struct Member {
    name: String,
    age: Option<u32>,
}

fn greet(member: &Member) {
    if let Some(age) = member.age && age >= 18 {
        println!("welcome, {}", member.name);
    } else {
        println!("sorry, {}", member.name);
    }
}

fn main() {
    greet(&Member { name: String::from("ana"), age: Some(34) });
    greet(&Member { name: String::from("bo"), age: Some(12) });
    greet(&Member { name: String::from("cy"), age: None });
}
