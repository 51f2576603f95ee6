struct Profile {
    name: String,
    nickname: Option<String>,
}

fn main() {
    let profile = Profile { name: String::from("Ferris"), nickname: Some(String::from("crab")) };
    match &profile.nickname {
        Some(nick) => println!("hi, {}!", nick),
        None => println!("hi, {}!", profile.name),
    }
    println!("profile: {} {:?}", profile.name, profile.nickname);
}
