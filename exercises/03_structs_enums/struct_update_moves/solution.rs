struct User {
    active: bool,
    username: String,
    email: String,
}

fn show(user: &User) -> String {
    format!("{} <{}> active: {}", user.username, user.email, user.active)
}

fn main() {
    let user1 = User { active: true, username: String::from("ana"), email: String::from("ana@a.com") };
    let user2 = User { email: String::from("ana@b.com"), username: user1.username.clone(), ..user1 };
    println!("{}", show(&user1));
    println!("{}", show(&user2));
}
