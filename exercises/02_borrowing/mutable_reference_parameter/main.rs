// `add_tag` should add a tag to the caller's list. Make this compile.
fn add_tag(tags: &Vec<String>, tag: &str) {
    tags.push(tag.to_string());
}

fn main() {
    let mut tags = vec![String::from("rust")];
    add_tag(&tags, "cli");
    println!("{:?}", tags);
}
