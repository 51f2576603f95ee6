use super::*;

#[test]
fn keys_are_camel_case() {
    let account = Account { user_name: String::from("ferris"), is_admin: true };
    assert_eq!(to_json(&account), r#"{"userName":"ferris","isAdmin":true}"#);
}

#[test]
fn the_api_json_reads_back() {
    let account: Account = serde_json::from_str(r#"{"userName":"ana","isAdmin":false}"#)
        .expect("camelCase JSON must deserialize");
    assert_eq!(account, Account { user_name: String::from("ana"), is_admin: false });
}

#[test]
fn snake_case_keys_are_not_the_api() {
    let parsed: Result<Account, _> = serde_json::from_str(r#"{"user_name":"ana","is_admin":false}"#);
    assert!(parsed.is_err());
}
