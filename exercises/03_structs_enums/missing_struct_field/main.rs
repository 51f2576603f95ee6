// Create the new user account. Make this compile.
struct User {
    active: bool,
    username: String,
    email: String,
    sign_in_count: u64,
}

fn main() {
    let user = User {
        username: String::from("ferris"),
        email: String::from("ferris@example.com"),
        sign_in_count: 1,
    };
    println!("{} <{}>: {} sign-in(s), active: {}", user.username, user.email, user.sign_in_count, user.active);
}
