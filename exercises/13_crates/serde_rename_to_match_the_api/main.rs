// The API expects camelCase keys (`userName`). Make the exercise's tests pass.
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Account {
    pub user_name: String,
    pub is_admin: bool,
}

/// The account as the API's JSON.
pub fn to_json(account: &Account) -> String {
    serde_json::to_string(account).expect("an Account always serializes")
}

fn main() {
    let account = Account { user_name: String::from("ferris"), is_admin: false };
    println!("{}", to_json(&account));
}
